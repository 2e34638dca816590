package etlkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The course's weather topology: a source processor reads raw weather readings (JSON
 * values), a stream processor keeps those with temperature &gt; 30, and a sink processor
 * writes them to the processed weather topic, values unchanged.
 *
 * <pre>
 * java -cp 'weather-filter.jar:libs/*' etlkit.bench.WeatherFilter BROKERS IN OUT APPLICATION_ID [KEY=VALUE...]
 * </pre>
 *
 * KEY=VALUE pairs are StreamsConfig properties (producer.linger.ms=5, state.dir=..., ...);
 * everything else is Kafka Streams' default. SIGTERM closes the app cleanly and leaves the group.
 */
public final class WeatherFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    static boolean hot(String value) {
        if (value == null) {
            return false;
        }
        try {
            JsonNode temperature = JSON.readTree(value).get("temperature");
            return temperature != null && temperature.isNumber() && temperature.doubleValue() > 30;
        } catch (Exception notJson) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: WeatherFilter BROKERS IN OUT APPLICATION_ID [KEY=VALUE...]");
            System.exit(2);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[3]);
        for (int i = 4; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            props.put(pair[0], pair[1]);
        }

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[1], Consumed.with(Serdes.ByteArray(), Serdes.String()))
                .filter((key, value) -> hot(value))
                .to(args[2], Produced.with(Serdes.ByteArray(), Serdes.String()));

        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        CountDownLatch closed = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                closed.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Leave the group (Kafka Streams does not by default), so the benchmark can delete it.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(10))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            closed.countDown();
        }));
        streams.start();
        closed.await();
        System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
    }
}
