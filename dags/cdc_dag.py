"""Airflow DAG for the query-based CDC pipeline: one task group per configured table.

Each group sends an extract command to ``<prefix>.commands`` (ProduceToTopicOperator) and waits
for that run's ``written`` or ``failed`` event on ``<prefix>.run-events`` (AwaitMessageSensor,
deferrable). A group succeeds only when the run's files and summary are in the bucket, so
downstream ETL can depend on ``cdc_<table>.wait_written``; its XCom holds the counts and files.

Needs Airflow 2.x with apache-airflow-providers-apache-kafka and a triggerer (the sensor defers).

Configuration (see docs/operations.md):
* the pipeline config: Airflow Variable ``cdc_config_path``, else env ``CDC_CONFIG``
  (only ``tables.*.datasource`` and ``kafka.topic_prefix`` are read here);
* connection ``cdc_kafka`` (Variable ``cdc_kafka_conn_id``): producer config, e.g.
  ``{"bootstrap.servers": "kafka:9092", "enable.idempotence": true, "acks": "all"}``;
* one connection per table for the sensor, ``cdc_run_events_<table>``: consumer config with its
  own ``group.id`` and ``"auto.offset.reset": "earliest"``. The sensor's consumer group comes from
  the connection and it commits what it reads: sensors of different tables sharing a group would
  split the topic's partitions and miss each other's events.
* schedule: Variable ``cdc_schedule`` (cron or preset), else ``global_settings.scheduling.
  interval_seconds`` of the config; the wait is bounded by ``scheduling.timeout_seconds``.

``max_active_runs=1``: a DAG run starts only after the previous one ended, so a table never has
two runs in flight from this DAG.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.kafka.operators.produce import ProduceToTopicOperator
from airflow.providers.apache.kafka.sensors.kafka import AwaitMessageSensor
from airflow.utils.task_group import TaskGroup

import cdc_messages

DEFAULT_CONFIG = "/opt/airflow/cdc/config.json"

config_path = Variable.get("cdc_config_path", default_var=None) or os.environ.get("CDC_CONFIG") or DEFAULT_CONFIG
producer_conn_id = Variable.get("cdc_kafka_conn_id", default_var="cdc_kafka")
config = cdc_messages.read_config(config_path)
schedule = Variable.get("cdc_schedule", default_var=None) or timedelta(seconds=config.interval_seconds)

with DAG(
    dag_id="cdc",
    description="Query-based CDC: one extract run per table, done when its files are written",
    schedule=schedule,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "cdc", "retries": 0},
    tags=["cdc"],
) as dag:
    for table, datasource in config.tables:
        with TaskGroup(group_id="cdc_" + cdc_messages.task_id_part(table)):
            send = ProduceToTopicOperator(
                task_id="send_command",
                kafka_config_id=producer_conn_id,
                topic=config.topic_prefix + ".commands",
                producer_function=cdc_messages.command_messages,
                producer_function_kwargs={
                    "datasource": datasource,
                    "table": table,
                    # sanitized to the pipeline's run-id alphabet by command_messages
                    "run_id": "{{ run_id }}",
                    "requested_at": "{{ ts }}",
                },
                delivery_callback="cdc_messages.fail_on_delivery_error",
                synchronous=True,
            )
            wait = AwaitMessageSensor(
                task_id="wait_written",
                kafka_config_id="cdc_run_events_" + cdc_messages.task_id_part(table),
                topics=[config.topic_prefix + ".run-events"],
                apply_function="cdc_messages.match_run_event",
                apply_function_kwargs={
                    # sanitized the same way by match_run_event
                    "run_id": "{{ run_id }}",
                    "datasource": datasource,
                    "table": table,
                },
                # the trigger sleeps poll_interval after every record that does not match
                poll_timeout=1,
                poll_interval=0,
                # a deferred task's execution_timeout bounds its wait in the triggerer
                execution_timeout=timedelta(seconds=config.timeout_seconds),
                xcom_push_key="cdc_run",
            )
            send >> wait
