package io.robustpose.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a real embedded broker on random 127.0.0.1 ports for the test class.
 * Inject it as an {@link EmbeddedKafka} parameter.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaBroker.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("broker", EmbeddedKafka.temporary().start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedKafka broker = context.getStore(NS).remove("broker", EmbeddedKafka.class);
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ExtensionContext c = e;
        while (c != null) {
            EmbeddedKafka broker = c.getStore(NS).get("broker", EmbeddedKafka.class);
            if (broker != null) {
                return broker;
            }
            c = c.getParent().orElse(null);
        }
        throw new IllegalStateException("no broker: annotate the test class with @ExtendWith(KafkaBroker.class)");
    }
}
