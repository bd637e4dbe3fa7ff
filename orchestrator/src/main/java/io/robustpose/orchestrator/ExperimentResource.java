package io.robustpose.orchestrator;

import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.spec.SpecException;
import io.robustpose.workflow.spec.SpecReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The experiments API: submit (JSON or YAML), list, inspect, cancel. */
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

    @GET
    public List<Map<String, Object>> list() {
        return service.engine().list().stream().map(ExperimentResource::summary).toList();
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
