package io.listgate.api;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperationRegistryTest {

    private record Named(String name) implements Operation {
        @Override
        public boolean requiresSession() {
            return false;
        }

        @Override
        public Result handle(ApiRequest request) {
            return Result.empty();
        }
    }

    @Test
    void duplicateNamesAreRefusedAtStartup() {
        assertThrows(IllegalStateException.class, () -> new OperationRegistry(List.of(new Named("Login"), new Named("Login"))));
    }

    @Test
    void unknownNamesAreAFaultListingTheSupportedOnesInOrder() {
        OperationRegistry registry = new OperationRegistry(List.of(new Named("Logout"), new Named("Login")));

        ApiException e = assertThrows(ApiException.class, () -> registry.lookup("Nope"));

        assertEquals(Fault.UNKNOWN_OPERATION, e.fault());
        assertTrue(e.faultString().endsWith("Supported operations: Login, Logout"), e.faultString());
    }
}
