#!/usr/bin/env bash
# Every Kafka step of the course, with etlkit: each step prints the course's command
# and runs the etlkit one against the broker in KAFKA_BROKERS (and PostgreSQL in
# DATABASE_URL for the last step), showing what came out. Topics are course-*-RUN,
# new for every run; they are deleted at the end.
#
#   KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgresql://… examples/kafka/course.sh
set -euo pipefail
: "${KAFKA_BROKERS:?the brokers, host:port}"
run=$(date +%s%N)
news=course-news-$run users=course-users-$run bank=course-bankbranch-$run
weather=course-weather-$run hot=course-weather-hot-$run

step() {
    printf '\n# %s\n# course: %s\n$ %s\n' "$1" "$2" "$3"
    bash -o pipefail -c "$3"
}

step "A topic with two partitions" \
    "kafka-topics --bootstrap-server localhost:9092 --topic $news --create --partitions 2 --replication-factor 1" \
    "etl-kafka-topics create $news --partitions 2"
step "Listed, and described" \
    "kafka-topics --bootstrap-server localhost:9092 --list; kafka-topics --describe $news" \
    "etl-kafka-topics list | grep -c '\"$news\"'; etl-kafka-topics describe $news -O csv"
step "The console producer: one message per line" \
    "kafka-console-producer --broker-list localhost:9092 --topic $news" \
    "printf 'Good morning\nGood day\nEnjoy the Kafka lab\n' | etl-kafka-produce -t $news --raw -p 0"
step "The console consumer, from the beginning" \
    "kafka-console-consumer --bootstrap-server localhost:9092 --topic $news --from-beginning" \
    "etl-kafka-consume -t $news -o beginning -e --raw"
step "Only the messages that come after it starts (none: with -e it stops at the end)" \
    "kafka-console-consumer --bootstrap-server localhost:9092 --topic $news" \
    "etl-kafka-consume -t $news -o end -e --raw; echo '(nothing new)'"
step "The console producer with keys (parse.key=true, key.separator=,)" \
    "kafka-console-producer --broker-list localhost:9092 --topic $users --property parse.key=true --property key.separator=," \
    "etl-kafka-topics create $users --partitions 2 && printf 'alice,logged in\nbob,logged in\nalice,logged out\n' | etl-kafka-produce -t $users --raw -K ,"
step "Read back with their keys: one key, one partition, in order" \
    "kafka-console-consumer --topic $users --from-beginning --property print.key=true" \
    "etl-kafka-consume -t $users -e -f '%p %k: %s\n' | sort"
step "bankbranch, the admin client: two partitions, and its configs" \
    "admin_client.create_topics([NewTopic(name='bankbranch', num_partitions=2, replication_factor=1)]); admin_client.describe_configs(…)" \
    "etl-kafka-topics create $bank --partitions 2 && etl-kafka-topics describe --configs $bank -O csv | grep -E '^topic|cleanup.policy|retention.ms'"
step "bankbranch, the producer: JSON messages" \
    "producer.send('bankbranch', {'atmid':1, 'transid':100}); producer.send('bankbranch', {'atmid':2, 'transid':101})" \
    "printf '{\"atmid\":1,\"transid\":100}\n{\"atmid\":2,\"transid\":101}\n' | etl-kafka-produce -t $bank -k atmid"
step "bankbranch, the consumer" \
    "for msg in KafkaConsumer('bankbranch'): print(msg.value.decode('utf-8'))" \
    "etl-kafka-consume -t $bank -e | etl-sort -k atmid"
step "The weather Streams topology: source, filter, map, sink" \
    "a Kafka Streams app: weather → temperature > 30 → °C rounded → weather-hot" \
    "printf '{\"city\":\"Cairo\",\"temp_f\":95}\n{\"city\":\"Oslo\",\"temp_f\":50}\n{\"city\":\"Madrid\",\"temp_f\":88}\n' | etl-kafka-produce -t $weather --create-topic && etl-kafka-consume -t $weather -e | etl-map 'temp_c = round((temp_f - 32) * 5 / 9, 1)' | etl-filter 'temp_c > 30' | etl-kafka-produce -t $hot --create-topic && etl-kafka-consume -t $hot -e"
if [ -n "${DATABASE_URL:-}" ]; then
    step "The consumer that writes to a database" \
        "for msg in consumer: cursor.execute('INSERT INTO …', …)" \
        "etl-kafka-consume -t $bank -g course-writer-$run -e | etl-pg-load -t course_bankbranch --create --truncate && psql -X -q \"\$DATABASE_URL\" -c 'SELECT atmid, transid FROM course_bankbranch ORDER BY atmid' -A -F,"
fi
step "And deleted" \
    "kafka-topics --bootstrap-server localhost:9092 --topic $news --delete" \
    "etl-kafka-topics delete $news $users $bank $weather $hot"
