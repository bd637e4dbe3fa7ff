package io.robustpose.orchestrator;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/** Requires {@code Authorization: Bearer <token>} on the API when robustpose.api.token is set. */
@Provider
public class BearerTokenFilter implements ContainerRequestFilter {

    @ConfigProperty(name = "robustpose.api.token")
    Optional<String> token;

    @Override
    public void filter(ContainerRequestContext request) {
        if (token.isEmpty() || token.get().isBlank()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String expected = "Bearer " + token.get();
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.status(401).type(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .entity(Map.of("error", "a bearer token is required (Authorization: Bearer <token>)")).build());
        }
    }
}
