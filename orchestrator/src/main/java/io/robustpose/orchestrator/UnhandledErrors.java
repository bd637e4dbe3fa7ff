package io.robustpose.orchestrator;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * Errors the API did not foresee: the client gets a 500 with an error id, never a stack trace; the
 * log has the trace under the same id. HTTP errors raised on purpose (404, 413, 415 ...) pass through.
 */
@Provider
public class UnhandledErrors implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnhandledErrors.class);

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof WebApplicationException w) {
            Response r = w.getResponse();
            return Response.status(r.getStatus()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", r.getStatusInfo().getReasonPhrase())).build();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unhandled API error %s", id);
        return Response.status(500).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "internal error", "errorId", id)).build();
    }
}
