package io.listgate.api;

/** An expected failure of an API call, answered as a fault envelope; never a stack trace. */
public class ApiException extends RuntimeException {

    private final Fault fault;

    public ApiException(Fault fault, String faultString) {
        super(faultString, null, false, false);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }

    public String faultString() {
        return getMessage();
    }
}
