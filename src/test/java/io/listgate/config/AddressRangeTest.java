package io.listgate.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aCidrBlockHoldsItsAddressesAndNoOthers() throws Exception {
        AddressRange block = AddressRange.parse("10.1.0.0/20");

        assertTrue(block.contains(ip("10.1.0.1")));
        assertTrue(block.contains(ip("10.1.15.255")));
        assertFalse(block.contains(ip("10.1.16.0")));
        assertFalse(block.contains(ip("::1")));
    }

    @Test
    void aSingleAddressHoldsOnlyItself() throws Exception {
        assertTrue(AddressRange.parse("192.168.1.5").contains(ip("192.168.1.5")));
        assertFalse(AddressRange.parse("192.168.1.5").contains(ip("192.168.1.6")));
        assertTrue(AddressRange.parse("::1").contains(ip("0:0:0:0:0:0:0:1")));
        assertTrue(AddressRange.parse("fd00::/8").contains(ip("fd12:3456::1")));
    }

    @Test
    void hostNamesAndMalformedBlocksAreRefusedWithoutAnyLookup() {
        assertThrows(ConfigurationException.class, () -> AddressRange.parse("proxy.example"));
        assertThrows(ConfigurationException.class, () -> AddressRange.parse("300.1.1.1"));
        assertThrows(ConfigurationException.class, () -> AddressRange.parse("10.0.0.0/"));
        assertThrows(ConfigurationException.class, () -> AddressRange.parse("::1/129"));
    }
}
