package io.listgate.session;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code Logout}: ends the calling session; it answers errorid 145 from then on. */
public final class LogoutOperation implements Operation {

    private final SessionService sessions;

    public LogoutOperation(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "Logout";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        request.sessionToken().ifPresent(sessions::close);
        return Result.empty();
    }
}
