package io.gitops.events;

/** Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String CAUSATION_ID = "ce_causationid";
    public static final String DELIVERY_ID = "ce_deliveryid";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    /** Header on dead-lettered records (SmallRye's names): why the consumer gave up on it. */
    public static final String DLQ_REASON = "dead-letter-reason";
    /** Header on dead-lettered records: the cause's message, when there is one. */
    public static final String DLQ_CAUSE = "dead-letter-cause";
    /** Header on dead-lettered records: the consumer group that gave up. */
    public static final String DLQ_CONSUMER = "dead-letter-consumer";
    /** Headers on dead-lettered records: where the record came from. */
    public static final String DLQ_ORIGINAL_TOPIC = "dead-letter-topic";
    public static final String DLQ_ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String DLQ_ORIGINAL_OFFSET = "dead-letter-offset";

    private CloudEventHeaders() {
    }
}
