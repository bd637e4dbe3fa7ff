package io.robustpose.orchestrator;

import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.spec.SpecException;
import io.robustpose.workflow.spec.SpecReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The experiments API: submit (JSON or YAML), list (filtered, paged), inspect, cancel, delete, report and artifacts. */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    @Inject
    OrchestratorService service;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response submit(String body) throws InterruptedException {
        String id;
        try {
            id = service.engine().submit(SpecReader.read(body));
        } catch (SpecException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage(), "errors",
                    e.errors().stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList())).build();
        }
        var status = service.engine().await(id, Duration.ofSeconds(10));
        Map<String, Object> body2 = new LinkedHashMap<>();
        body2.put("id", id);
        body2.put("state", status.map(s -> s.state().name()).orElse("SUBMITTED"));
        return Response.created(URI.create("/experiments/" + id)).entity(body2).build();
    }

    /** Maximum page size of the list. */
    static final int MAX_LIMIT = 1000;

    /**
     * Experiments oldest first, optionally only those in the given states ({@code ?state=running,failed}),
     * a page at a time ({@code ?offset=0&limit=100}); the {@code X-Total-Count} header counts all that match.
     */
    @GET
    public Response list(@QueryParam("state") String state, @QueryParam("offset") @DefaultValue("0") int offset,
                         @QueryParam("limit") @DefaultValue("100") int limit) {
        Set<ExperimentStatus.State> states = EnumSet.allOf(ExperimentStatus.State.class);
        if (state != null && !state.isBlank()) {
            states = EnumSet.noneOf(ExperimentStatus.State.class);
            for (String v : state.split(",")) {
                try {
                    states.add(ExperimentStatus.State.valueOf(v.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    return error(400, "state '" + v.trim() + "': one of " + Arrays.stream(ExperimentStatus.State.values())
                            .map(x -> x.name().toLowerCase(Locale.ROOT)).toList());
                }
            }
        }
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            return error(400, "offset must be >= 0 and limit within 1.." + MAX_LIMIT + " (got offset " + offset
                    + ", limit " + limit + ")");
        }
        Set<ExperimentStatus.State> wanted = states;
        List<ExperimentStatus> matching = service.engine().list().stream().filter(s -> wanted.contains(s.state())).toList();
        List<Map<String, Object>> page = matching.stream().skip(offset).limit(limit).map(ExperimentResource::summary).toList();
        return Response.ok(page).header("X-Total-Count", matching.size()).build();
    }

    /** The experiment's report: {@code ?format=html|md|json|csv|long-csv} (default html). */
    @GET
    @Path("/{id}/report")
    @Produces(MediaType.WILDCARD)
    public Response report(@PathParam("id") String id, @QueryParam("format") @DefaultValue("html") String format) {
        Optional<ExperimentFiles.ReportFormat> f = ExperimentFiles.ReportFormat.parse(format.toLowerCase(Locale.ROOT));
        if (f.isEmpty()) {
            return error(400, "format '" + format + "': one of " + ExperimentFiles.ReportFormat.names());
        }
        Optional<ExperimentStatus> s = service.engine().get(id);
        if (s.isEmpty()) {
            return error(404, "no experiment '" + id + "'");
        }
        try {
            java.nio.file.Path file = service.files().report(s.get(), f.get());
            return Response.ok(file.toFile(), ExperimentFiles.mediaType(file)).build();
        } catch (ExperimentFiles.Refused e) {
            return error(e.status, e.getMessage());
        }
    }

    /**
     * A file of the experiment by its artifact-store path as the task results name it ({@code runs/<id>/...},
     * {@code reports/<id>/...}); a directory answers with its entries. Nothing outside those directories.
     */
    @GET
    @Path("/{id}/artifacts/{path: .*}")
    @Produces(MediaType.WILDCARD)
    public Response artifact(@PathParam("id") String id, @PathParam("path") String path) {
        if (service.engine().get(id).isEmpty()) {
            return error(404, "no experiment '" + id + "'");
        }
        try {
            java.nio.file.Path p = service.files().artifact(id, path);
            if (java.nio.file.Files.isDirectory(p)) {
                return Response.ok(ExperimentFiles.listing(p), MediaType.APPLICATION_JSON).build();
            }
            return Response.ok(p.toFile(), ExperimentFiles.mediaType(p)).build();
        } catch (ExperimentFiles.Refused e) {
            return error(e.status, e.getMessage());
        } catch (java.io.IOException e) {
            return error(404, "artifact '" + path + "': " + e.getMessage());
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return service.engine().get(id).<Response>map(s -> Response.ok(s).build())
                .orElse(Response.status(404).entity(Map.of("error", "no experiment '" + id + "'")).build());
    }

    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        if (service.engine().get(id).isEmpty()) {
            return Response.status(404).entity(Map.of("error", "no experiment '" + id + "'")).build();
        }
        service.engine().cancel(id, "cancelled through the API");
        return Response.accepted(Map.of("id", id, "state", "CANCELLING")).build();
    }

    /** Forgets a finished experiment; {@code ?artifacts=true} deletes its run directory and report as well. */
    @jakarta.ws.rs.DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @jakarta.ws.rs.QueryParam("artifacts") boolean artifacts) {
        var s = service.engine().get(id);
        if (s.isEmpty()) {
            return Response.status(404).entity(Map.of("error", "no experiment '" + id + "'")).build();
        }
        if (!s.get().state().terminal()) {
            return Response.status(409).entity(Map.of("error", "experiment '" + id + "' is running: cancel it first "
                    + "(POST /experiments/" + id + "/cancel)")).build();
        }
        service.engine().delete(id, artifacts);
        return Response.accepted(Map.of("id", id, "state", "DELETING", "artifacts", artifacts)).build();
    }

    static Map<String, Object> summary(ExperimentStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.experimentId());
        m.put("name", s.name());
        m.put("state", s.state().name());
        m.put("submittedAt", s.submittedAt());
        m.put("updatedAt", s.updatedAt());
        m.put("tasks", s.tasks().size());
        m.put("succeeded", s.count(TaskStatus.State.SUCCEEDED));
        m.put("running", s.count(TaskStatus.State.RUNNING));
        if (s.error() != null) {
            m.put("error", s.error());
        }
        return m;
    }
}
