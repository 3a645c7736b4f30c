package io.listgate.session;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.Result;
import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import io.listgate.user.OrgUser;

/** {@code Login}: USERNAME and PASSWORD in, SESSIONID, ORGANIZATION_ID and SESSION_ENCODING out. */
public final class LoginOperation implements Operation {

    private final Authenticator authenticator;
    private final SessionService sessions;

    public LoginOperation(Authenticator authenticator, SessionService sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "Login";
    }

    @Override
    public boolean requiresSession() {
        return false;
    }

    @Override
    public Result handle(ApiRequest request) {
        String username = request.required("USERNAME");
        String password = request.required("PASSWORD");
        LoginAttempt attempt = authenticator.authenticate(username, password, request.clientAddress().orElse(null));
        if (attempt.status() == LoginAttempt.Status.LOCKED) {
            throw Fault.LOGIN_LOCKED.exception("Too many failed logins for " + username + ": try again in a few minutes");
        }
        if (attempt.status() == LoginAttempt.Status.THROTTLED) {
            throw Fault.LOGIN_LOCKED.exception("Too many failed logins from your address: try again in a few minutes");
        }
        OrgUser user = attempt.user().orElseThrow(Fault.LOGIN_FAILED::exception);
        String token = sessions.open(user);
        return Result.empty()
                .add("SESSIONID", token)
                .add("ORGANIZATION_ID", user.organizationId())
                .add("SESSION_ENCODING", ";jsessionid=" + token);
    }
}
