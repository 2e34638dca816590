"""Load generator and latency measurer for bench/streaming/run (needs confluent-kafka).

    weather.py generate --brokers B --topic RAW --watch OUT --rate 1000 --warmup 5 --seconds 25 --summary FILE
    weather.py measure  --brokers B --topic OUT --summary FILE --result FILE [--all] [--latencies FILE]
    weather.py write    --count N                      (N readings as NDJSON on stdout)

A reading is one JSON object, e.g.
    {"id":42,"phase":"m","station":"st-42","sent_us":123456789012,"temperature":33.3,"humidity":0.61}
sent_us is CLOCK_MONOTONIC in microseconds (one clock for every process of the machine, and
small enough for jq's doubles to keep exact). Every even id is hot (temperature 30.5-38.9),
every odd id is not (15.0-29.0), so exactly half of the readings pass `temperature > 30`.

generate first sends a probe (phase "p", hot) every 100 ms until one comes out of the
--watch topic: the pipeline is then consuming (an `-o end` consumer skips what was sent
before it had its assignment). Then --warmup seconds at --rate (phase "w", not measured:
JIT, connections, first batches), then --seconds at --rate (phase "m"), then --cooldown
seconds more (phase "c", not measured: a stage that keeps its last lines until more
input comes, as kcat -P does, is not charged for the end of the test). Each reading is
sent at its scheduled time t0 + id/rate (sleep, not spin); sent_us is read just before
produce(), so a late send is measured from when it was really sent. The producer sends
at once (linger.ms=0). It prints "ready", "measuring" and "sent" on stdout as those
moments pass (the harness reads the pipeline's CPU time then). At the end it writes the summary: how many were sent and how
many of the measured ones must come out.

measure reads --topic from its beginning (assign, no group) and takes each message's
receive time as soon as poll() returns it; latency = receive - sent_us, for the measured
readings only. It stops when all expected readings arrived, or 15 s after the summary
appeared (the rest are lost), and writes count, lost, duplicates, percentiles, the
worst readings and a per-second timeline to --result (JSON).
"""

import argparse
import json
import math
import os
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition


def now_us():
    return time.monotonic_ns() // 1000


def reading(i, phase, sent_us):
    if phase == "p" or i % 2 == 0:
        temperature = 30.5 + (i % 13) * 0.7
    else:
        temperature = 15.0 + (i % 29) * 0.5
    if phase == "p":
        temperature = 99.0
    return (
        f'{{"id":{i},"phase":"{phase}","station":"st-{i % 50:02d}","sent_us":{sent_us},'
        f'"temperature":{temperature:.1f},"humidity":{0.30 + (i % 61) / 100:.2f}}}'
    )


def consumer(brokers, topic):
    c = Consumer(
        {
            "bootstrap.servers": brokers,
            "group.id": "etlkit-stream-unused",  # required by the client; assign() joins no group
            "enable.auto.commit": False,
            "fetch.wait.max.ms": 100,
            "enable.partition.eof": False,
        }
    )
    c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    return c


def generate(args):
    producer = Producer({"bootstrap.servers": args.brokers, "linger.ms": 0, "acks": "all"})
    watch = consumer(args.brokers, args.watch)
    deadline = time.monotonic() + args.ready_timeout
    probes = 0
    ready = False
    while not ready:
        if time.monotonic() > deadline:
            sys.exit(f"weather: no probe came out of {args.watch} in {args.ready_timeout} s")
        probes += 1
        producer.produce(args.topic, reading(-probes, "p", now_us()))
        producer.poll(0)
        until = time.monotonic() + 0.1
        while time.monotonic() < until and not ready:
            m = watch.poll(0.02)
            if m is not None and not m.error() and b'"phase":"p"' in (m.value() or b""):
                ready = True
    watch.close()
    ready_at = time.monotonic()
    print("ready", flush=True)

    period_ns = 1_000_000_000 // args.rate
    warm = int(args.warmup * args.rate)
    measured = int(args.seconds * args.rate)
    cooldown = int(args.cooldown * args.rate)
    late = 0
    worst_late_us = 0
    t0 = time.monotonic_ns()
    for i in range(warm + measured + cooldown):
        target = t0 + i * period_ns
        delay = target - time.monotonic_ns()
        if delay > 0:
            time.sleep(delay / 1e9)
        sent = time.monotonic_ns()
        if sent - target > 1_000_000:
            late += 1
            worst_late_us = max(worst_late_us, (sent - target) // 1000)
        phase = "w" if i < warm else "m" if i < warm + measured else "c"
        if i == warm:
            print("measuring", flush=True)
        elif i == warm + measured:
            print("sent", flush=True)
        while True:
            try:
                producer.produce(args.topic, reading(i, phase, sent // 1000))
                break
            except BufferError:
                producer.poll(0.001)
        producer.poll(0)
    if cooldown == 0:
        print("sent", flush=True)
    left = producer.flush(30)
    first_m = warm
    expected = sum(1 for i in range(first_m, warm + measured) if i % 2 == 0)
    summary = {
        "probes": probes,
        "ready_s": round(ready_at - (deadline - args.ready_timeout), 3),
        "sent_measured": measured,
        "expected_hot": expected,
        "undelivered": left,
        "late_over_1ms": late,
        "worst_late_us": worst_late_us,
        "send_seconds": round((time.monotonic_ns() - t0) / 1e9, 3),
    }
    tmp = args.summary + ".tmp"
    with open(tmp, "w") as f:
        json.dump(summary, f)
    os.rename(tmp, args.summary)


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    rank = math.ceil(p / 100 * len(sorted_values))  # nearest rank
    return sorted_values[max(0, min(len(sorted_values), rank) - 1)]


def measure(args):
    c = consumer(args.brokers, args.topic)
    latencies = {}  # id -> (sent_us, latency_us)
    duplicates = 0
    expected = None
    summary_seen_at = None
    started = time.monotonic()
    while True:
        m = c.poll(0.05)
        received = now_us()
        if m is not None:
            if m.error():
                if m.error().code() != KafkaError._PARTITION_EOF:
                    print(f"weather: {m.error()}", file=sys.stderr)
                continue
            value = m.value() or b""
            if b'"phase":"m"' not in value:
                continue
            record = json.loads(value)
            i = record["id"]
            if i in latencies:
                duplicates += 1
                continue
            latencies[i] = (record["sent_us"], received - int(record["sent_us"]))
        if expected is None and os.path.exists(args.summary):
            with open(args.summary) as f:
                s = json.load(f)
            expected = s["sent_measured"] if args.all else s["expected_hot"]
            summary_seen_at = time.monotonic()
        if expected is not None and len(latencies) >= expected:
            break
        if summary_seen_at is not None and time.monotonic() - summary_seen_at > 15:
            break
        if time.monotonic() - started > args.timeout:
            break
    c.close()

    values = sorted(lat for _, lat in latencies.values())
    first_sent = min((s for s, _ in latencies.values()), default=0)
    timeline = {}
    for sent, lat in latencies.values():
        second = int((sent - first_sent) // 1_000_000)
        n, worst = timeline.get(second, (0, 0))
        timeline[second] = (n + 1, max(worst, lat))
    worst = sorted(latencies.items(), key=lambda kv: -kv[1][1])[:10]
    result = {
        "count": len(values),
        "expected": expected,
        "lost": (expected - len(values)) if expected is not None else None,
        "duplicates": duplicates,
        "p50_ms": percentile(values, 50) / 1000 if values else None,
        "p90_ms": percentile(values, 90) / 1000 if values else None,
        "p99_ms": percentile(values, 99) / 1000 if values else None,
        "p999_ms": percentile(values, 99.9) / 1000 if values else None,
        "max_ms": values[-1] / 1000 if values else None,
        "mean_ms": sum(values) / len(values) / 1000 if values else None,
        "worst": [
            {"id": i, "at_s": round((s - first_sent) / 1e6, 3), "ms": lat / 1000} for i, (s, lat) in worst
        ],
        "timeline": [
            {"second": k, "count": n, "max_ms": w / 1000} for k, (n, w) in sorted(timeline.items())
        ],
    }
    if args.latencies:
        with open(args.latencies, "w") as f:
            f.write("id,sent_us,latency_us\n")
            for i, (s, lat) in sorted(latencies.items()):
                f.write(f"{i},{s},{lat}\n")
    with open(args.result, "w") as f:
        json.dump(result, f)


def write(args):
    out = sys.stdout
    chunk = []
    for i in range(args.count):
        chunk.append(reading(i, "m", 0))
        if len(chunk) == 10_000:
            out.write("\n".join(chunk) + "\n")
            chunk = []
    if chunk:
        out.write("\n".join(chunk) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--brokers", required=True)
    g.add_argument("--topic", required=True)
    g.add_argument("--watch", required=True, help="the topic a probe must come out of")
    g.add_argument("--rate", type=int, default=1000)
    g.add_argument("--warmup", type=float, default=5)
    g.add_argument("--seconds", type=float, default=25)
    g.add_argument("--cooldown", type=float, default=1)
    g.add_argument("--ready-timeout", type=float, default=120)
    g.add_argument("--summary", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--brokers", required=True)
    m.add_argument("--topic", required=True)
    m.add_argument("--summary", required=True)
    m.add_argument("--result", required=True)
    m.add_argument("--latencies")
    m.add_argument("--all", action="store_true", help="every measured reading comes out (no filter)")
    m.add_argument("--timeout", type=float, default=300)
    w = sub.add_parser("write")
    w.add_argument("--count", type=int, required=True)
    args = parser.parse_args()
    {"generate": generate, "measure": measure, "write": write}[args.command](args)


if __name__ == "__main__":
    main()
