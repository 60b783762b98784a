package io.cdcflow.standalone.io;

/** A topic the command needs does not exist on the cluster. */
public final class MissingTopicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public MissingTopicException(String topic, String bootstrapServers) {
        super("topic " + topic + " does not exist on " + bootstrapServers);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
