package io.listgate.api;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Every operation by element name; duplicate names are refused at startup. */
public final class OperationRegistry {

    private final Map<String, Operation> byName = new TreeMap<>();

    public OperationRegistry(Collection<? extends Operation> operations) {
        for (Operation op : operations) {
            Operation previous = byName.putIfAbsent(op.name(), op);
            if (previous != null) {
                throw new IllegalStateException("two operations are named " + op.name() + ": "
                        + previous.getClass().getName() + " and " + op.getClass().getName());
            }
        }
    }

    public Operation lookup(String name) {
        Operation op = byName.get(name);
        if (op == null) {
            throw Fault.UNKNOWN_OPERATION.exception("Unknown operation '" + name + "'. Supported operations: "
                    + String.join(", ", byName.keySet()));
        }
        return op;
    }

    public Collection<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }
}
