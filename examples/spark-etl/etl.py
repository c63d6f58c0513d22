#!/usr/bin/env python3
"""Spark ETL over Tributary: raw JSON events in, validated events out.

Reads JSON events from an input topic, parses them with a fixed schema, drops the
malformed ones and those that fail validation, normalizes the rest and writes them
  * to an output topic, keyed by user (value: the clean event as JSON), and
  * as Parquet files under a folder (with the source partition and offset).

Three commands:

  stream      Structured Streaming with the availableNow trigger: processes everything
              the input topic holds that the checkpoint has not seen yet (from the
              earliest offset on the first run), then stops. Two queries, one per sink,
              each with its own checkpoint under --checkpoint-dir (kafka/, parquet/).
              Run it again with the same checkpoint: only new events are processed.
  batch       A batch read (spark.read.format("kafka")) of an explicit offset range,
              --starting-offsets / --ending-offsets as Spark's JSON, e.g.
              '{"raw":{"0":-2,"1":5}}' (-2: earliest; -1 for latest in the ending
              offsets), or --starting-timestamp / --ending-timestamp (ms since the epoch).
              Writes the same two outputs; the Parquet folder is overwritten.
  fetch-jars  Resolves the Kafka connector into the Ivy cache (--ivy-dir) and exits,
              so that later runs need no network.

The last line printed on stdout is `ETL-SUMMARY {json}`: rows read and written.

The event schema (extra fields are ignored):
  {"id": str, "user": str, "type": "click"|"view"|"purchase", "amount": number, "ts": ms}
Valid: id and user non-blank, type one of those (case and spaces ignored),
amount a finite number >= 0, ts an integer > 0.
"""

import argparse
import json
import os
import sys

EVENT_TYPES = ("click", "view", "purchase")
SUMMARY_PREFIX = "ETL-SUMMARY "


def connector_package():
    """The Kafka connector matching the installed pyspark (Spark 4 is Scala 2.13 only)."""
    import pyspark

    return f"org.apache.spark:spark-sql-kafka-0-10_2.13:{pyspark.__version__}"


def spark_session(args, app_name, streaming=False):
    from pyspark.sql import SparkSession

    b = (
        SparkSession.builder.appName(app_name)
        .master(args.master)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Plain microsecond timestamps, readable by every Parquet reader (not INT96).
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if args.master.startswith("local"):
        # Everything in one process: keep the driver on loopback (Spark otherwise picks
        # the first non-loopback interface when the hostname resolves to 127.0.0.1).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        b = b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    if streaming:
        # Adaptive query execution does not apply to streaming queries (Spark says so).
        b = b.config("spark.sql.adaptive.enabled", "false")
    if args.jars_dir:
        jars = sorted(
            os.path.join(args.jars_dir, f) for f in os.listdir(args.jars_dir) if f.endswith(".jar")
        )
        if not jars:
            raise SystemExit(f"no .jar files in {args.jars_dir}")
        b = b.config("spark.jars", ",".join(jars))
    else:
        b = b.config("spark.jars.packages", connector_package())
        if args.ivy_dir:
            b = b.config("spark.jars.ivy", os.path.abspath(args.ivy_dir))
    for kv in args.conf:
        k, sep, v = kv.partition("=")
        if not sep:
            raise SystemExit(f"--conf wants KEY=VALUE, got {kv!r}")
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel(args.log_level)
    return spark


def event_schema():
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    return StructType(
        [
            StructField("id", StringType()),
            StructField("user", StringType()),
            StructField("type", StringType()),
            StructField("amount", DoubleType()),
            StructField("ts", LongType()),
        ]
    )


def clean_events(raw):
    """raw: the Kafka source's rows (key, value, topic, partition, offset, timestamp, ...).
    Returns the valid events: id, user, type, amount, ts, event_time, source_partition,
    source_offset, and the Kafka key and value to write."""
    from pyspark.sql import functions as F

    # Malformed JSON (or a JSON value that is not an object, or a null value) parses to
    # null fields; a field of the wrong type (say "amount": "ten") to a null field.
    e = raw.select(
        F.from_json(F.col("value").cast("string"), event_schema(), {"mode": "PERMISSIVE"}).alias("e"),
        F.col("partition").alias("source_partition"),
        F.col("offset").alias("source_offset"),
    ).select(
        F.trim(F.col("e.id")).alias("id"),
        F.trim(F.col("e.user")).alias("user"),
        F.lower(F.trim(F.col("e.type"))).alias("type"),
        F.col("e.amount").alias("amount"),
        F.col("e.ts").alias("ts"),
        "source_partition",
        "source_offset",
    )
    valid = (
        F.col("id").isNotNull()
        & (F.length("id") > 0)
        & F.col("user").isNotNull()
        & (F.length("user") > 0)
        & F.col("type").isin(*EVENT_TYPES)
        & F.col("amount").isNotNull()
        & ~F.isnan("amount")
        & (F.col("amount") >= 0)
        & (F.col("amount") < float("inf"))
        & F.col("ts").isNotNull()
        & (F.col("ts") > 0)
    )
    return (
        e.where(valid)
        .withColumn("event_time", F.timestamp_millis("ts"))
        .withColumn("key", F.col("user"))
        .withColumn("value", F.to_json(F.struct("id", "user", "type", "amount", "ts")))
    )


PARQUET_COLUMNS = ("id", "user", "type", "amount", "ts", "event_time", "source_partition", "source_offset")


def kafka_source_options(args):
    return {"kafka.bootstrap.servers": args.bootstrap_server, "subscribe": args.input_topic}


def kafka_sink_options(args):
    return {"kafka.bootstrap.servers": args.bootstrap_server, "topic": args.output_topic}


def run_stream(args):
    spark = spark_session(args, "tributary-spark-etl-stream", streaming=True)
    raw = (
        spark.readStream.format("kafka")
        .options(**kafka_source_options(args))
        .option("startingOffsets", "earliest")
        .load()
    )
    clean = clean_events(raw)
    ckpt = os.path.abspath(args.checkpoint_dir)
    to_kafka = (
        clean.select("key", "value")
        .writeStream.format("kafka")
        .options(**kafka_sink_options(args))
        .option("checkpointLocation", os.path.join(ckpt, "kafka"))
        .queryName("to_kafka")
        .trigger(availableNow=True)
        .start()
    )
    to_parquet = (
        clean.select(*PARQUET_COLUMNS)
        .writeStream.format("parquet")
        .option("path", os.path.abspath(args.parquet_dir))
        .option("checkpointLocation", os.path.join(ckpt, "parquet"))
        .queryName("to_parquet")
        .trigger(availableNow=True)
        .start()
    )
    summary = {"mode": "stream", "queries": {}}
    failed = False
    for name, q in (("kafka", to_kafka), ("parquet", to_parquet)):
        try:
            q.awaitTermination()
        except Exception as exc:  # a StreamingQueryException: report it, fail at the end
            print(f"query to_{name} failed: {exc}", file=sys.stderr)
            failed = True
        progress = q.recentProgress
        summary["queries"][name] = {
            "batches": len([p for p in progress if p.get("numInputRows", 0) > 0]),
            "input_rows": sum(p.get("numInputRows", 0) for p in progress),
        }
        # The Kafka sink counts what it wrote; the file sink reports -1 (unknown).
        written = [p.get("sink", {}).get("numOutputRows", -1) for p in progress]
        if written and all(n >= 0 for n in written):
            summary["queries"][name]["output_rows"] = sum(written)
    spark.stop()
    print(SUMMARY_PREFIX + json.dumps(summary), flush=True)
    return 1 if failed else 0


def run_batch(args):
    spark = spark_session(args, "tributary-spark-etl-batch")
    reader = spark.read.format("kafka").options(**kafka_source_options(args))
    if args.starting_offsets:
        reader = reader.option("startingOffsets", args.starting_offsets)
    if args.ending_offsets:
        reader = reader.option("endingOffsets", args.ending_offsets)
    if args.starting_timestamp is not None:
        reader = reader.option("startingTimestamp", str(args.starting_timestamp))
    if args.ending_timestamp is not None:
        reader = reader.option("endingTimestamp", str(args.ending_timestamp))
    raw = reader.load().cache()
    input_rows = raw.count()
    clean = clean_events(raw).cache()
    output_rows = clean.count()
    clean.select("key", "value").write.format("kafka").options(**kafka_sink_options(args)).save()
    clean.select(*PARQUET_COLUMNS).write.mode("overwrite").parquet(os.path.abspath(args.parquet_dir))
    spark.stop()
    summary = {"mode": "batch", "input_rows": input_rows, "output_rows": output_rows}
    print(SUMMARY_PREFIX + json.dumps(summary), flush=True)
    return 0


def run_fetch_jars(args):
    spark = spark_session(args, "tributary-spark-etl-fetch-jars")
    spark.stop()
    print(f"{connector_package()} resolved" + (f" into {args.ivy_dir}" if args.ivy_dir else ""))
    return 0


def parse_args(argv):
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    common.add_argument(
        "--ivy-dir",
        default=os.environ.get("SPARK_ETL_IVY_DIR"),
        help="Ivy home for spark.jars.ivy, where the connector is resolved and cached "
        "(default: $SPARK_ETL_IVY_DIR, else Spark's own default under ~/)",
    )
    common.add_argument(
        "--jars-dir",
        help="a folder of pre-fetched jars (the connector and its dependencies) to use "
        "instead of resolving spark.jars.packages",
    )
    common.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark config")
    common.add_argument("--log-level", default="WARN", help="Spark log level (default: WARN)")

    io = argparse.ArgumentParser(add_help=False)
    io.add_argument("--bootstrap-server", default="127.0.0.1:9092")
    io.add_argument("--input-topic", default="raw")
    io.add_argument("--output-topic", default="clean")
    io.add_argument("--parquet-dir", required=True, help="folder of the Parquet output")

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("stream", parents=[common, io], help="availableNow streaming run")
    s.add_argument("--checkpoint-dir", required=True, help="checkpoint folder; keep it between runs")
    b = sub.add_parser("batch", parents=[common, io], help="batch read of an offset range")
    b.add_argument("--starting-offsets", help='JSON, e.g. {"raw":{"0":-2}} (default: earliest)')
    b.add_argument("--ending-offsets", help='JSON, e.g. {"raw":{"0":-1}} (default: latest)')
    b.add_argument("--starting-timestamp", type=int, help="ms since the epoch, for every partition")
    b.add_argument("--ending-timestamp", type=int, help="ms since the epoch, for every partition")
    sub.add_parser("fetch-jars", parents=[common], help="resolve the connector into the Ivy cache")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return {"stream": run_stream, "batch": run_batch, "fetch-jars": run_fetch_jars}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
