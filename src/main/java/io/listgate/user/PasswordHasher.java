package io.listgate.user;

import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** bcrypt through Spring Security's maintained implementation; never plain or home-made. */
public final class PasswordHasher {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
    // Compared against when the user does not exist, so both paths cost one bcrypt check.
    private final String decoy = encoder.encode("decoy-password-for-timing");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return password != null && encoder.matches(password, hash);
    }

    public void burnDecoyCheck(String password) {
        encoder.matches(password == null ? "" : password, decoy);
    }

    public static boolean isHash(String value) {
        return value != null && BCRYPT.matcher(value).matches();
    }
}
