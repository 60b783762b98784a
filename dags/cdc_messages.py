"""The CDC pipeline's message contracts, as the Airflow DAG uses them (no Airflow import).

* ``command_messages`` builds the extract command for ``<prefix>.commands`` (docs/messages.md,
  "Run command"): key ``datasource.table``, JSON value.
* ``match_run_event`` decides whether a record of ``<prefix>.run-events`` ends this run:
  ``written`` returns a summary (the sensor's XCom), ``failed`` raises ``RunFailed``, anything
  else returns None so the sensor keeps waiting.

The shared fixtures in ``fixtures/`` pin both directions; the Java tests parse the same files with
the pipeline's own ``RunCommand`` and ``RunEvent``.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Tuple

# RunCommand.RUN_ID_PATTERN: run ids become parts of object names and Kafka keys.
RUN_ID_PATTERN = re.compile(r"[A-Za-z0-9_.:+-]{1,128}")
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_.:+-]")
MAX_RUN_ID = 128
MAX_COMMAND_BYTES = 64 * 1024


class RunFailed(Exception):
    """The run reported ``failed``: the sensor task fails with the pipeline's reason."""


class CommandNotDelivered(Exception):
    """Kafka did not acknowledge the extract command."""


def sanitize_run_id(run_id: str) -> str:
    """Maps an Airflow run id onto the pipeline's run-id alphabet ``[A-Za-z0-9_.:+-]{1,128}``.

    Allowed characters are kept (Airflow's ``manual__2024-12-15T14:30:22+00:00`` passes unchanged);
    others become ``_``. Ids longer than 128 characters keep their first 119 characters and get a
    hash of the whole id, so two long ids stay distinct.
    """
    cleaned = _NOT_ALLOWED.sub("_", run_id or "")
    if not cleaned:
        cleaned = "run"
    if len(cleaned) > MAX_RUN_ID:
        digest = hashlib.sha256(run_id.encode("utf-8")).hexdigest()[:8]
        cleaned = cleaned[: MAX_RUN_ID - 9] + "-" + digest
    return cleaned


def utc_instant(timestamp: str) -> str:
    """An ISO-8601 timestamp (Airflow's ``{{ ts }}``, e.g. ``2024-12-15T14:30:22+00:00``) as a UTC
    instant with ``Z``: ``2024-12-15T14:30:22Z`` (microseconds kept when present)."""
    text = timestamp.strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError("timestamp without a time zone: %r" % timestamp)
    utc = parsed.astimezone(timezone.utc)
    pattern = "%Y-%m-%dT%H:%M:%S.%fZ" if utc.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return utc.strftime(pattern)


def command_key(datasource: str, table: str) -> str:
    """The record key of a table's commands and run events: ``datasource.table``."""
    return "%s.%s" % (datasource, table)


def build_command(datasource: str, table: str, run_id: str, requested_at: str,
                  requested_by: str = "airflow") -> Dict[str, Any]:
    """The extract command as a dict (docs/messages.md, "Run command")."""
    return {
        "command": "extract",
        "datasource": datasource,
        "table": table,
        "run_id": sanitize_run_id(run_id),
        "requested_at": utc_instant(requested_at),
        "requested_by": requested_by,
    }


def command_messages(datasource: str, table: str, run_id: str, requested_at: str,
                     requested_by: str = "airflow") -> Iterator[Tuple[str, str]]:
    """``producer_function`` of ProduceToTopicOperator: the one (key, value) record of the command."""
    value = json.dumps(build_command(datasource, table, run_id, requested_at, requested_by),
                       separators=(",", ":"))
    if len(value.encode("utf-8")) > MAX_COMMAND_BYTES:
        raise ValueError("command exceeds %d bytes" % MAX_COMMAND_BYTES)
    yield command_key(datasource, table), value


def fail_on_delivery_error(err: Any, msg: Any) -> None:
    """``delivery_callback`` of ProduceToTopicOperator: an undelivered command fails the task.

    The operator only logs delivery errors by default; confluent-kafka re-raises exceptions from
    delivery callbacks in ``flush()``, so raising here fails the task instead of waiting for an event
    that can never come.
    """
    if err is not None:
        topic = msg.topic() if msg is not None else "?"
        raise CommandNotDelivered("extract command not delivered to %s: %s" % (topic, err))


def match_event(value: Optional[bytes], run_id: str, datasource: str, table: str) -> Optional[Dict[str, Any]]:
    """Decides on one run-events record value (bytes or str).

    Returns None for records of other runs and tables, for non-terminal states and for anything
    that is not a run event; for this run's ``written`` event a summary (run id, state, counts,
    files); raises RunFailed for its ``failed`` event. The run is this table's run with the
    sanitized ``run_id`` (Airflow passes one run id to every table of a DAG run). Events are
    delivered at least once: a duplicate ``written`` yields the same summary.
    """
    if value is None:
        return None
    try:
        event = json.loads(value)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(event, dict):
        return None
    if event.get("run_id") != sanitize_run_id(run_id) or event.get("table") != table:
        return None
    if event.get("datasource") not in (None, datasource):
        return None
    state = event.get("state")
    if state == "written":
        return {
            "run_id": event["run_id"],
            "datasource": datasource,
            "table": table,
            "state": state,
            "at": event.get("at"),
            "counts": event.get("counts") or {},
            "files": list(event.get("files") or []),
        }
    if state == "failed":
        raise RunFailed("CDC run %s of %s failed: %s"
                        % (event["run_id"], command_key(datasource, table), event.get("error") or "no reason given"))
    return None


def match_run_event(message: Any, run_id: str, datasource: str, table: str) -> Optional[Dict[str, Any]]:
    """``apply_function`` of AwaitMessageSensor: ``match_event`` on a confluent-kafka message."""
    return match_event(message.value(), run_id, datasource, table)


class DagConfig(NamedTuple):
    """What the DAG needs from the pipeline config."""

    topic_prefix: str
    tables: List[Tuple[str, str]]  # (table, datasource), in config order
    interval_seconds: int
    timeout_seconds: int


def read_config(config_path: str) -> DagConfig:
    """Reads the pipeline config: ``kafka.topic_prefix``, ``tables.*.datasource`` and
    ``global_settings.scheduling`` (``interval_seconds``, ``timeout_seconds``), with the pipeline's
    defaults. ``cdc validate`` checks everything else."""
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    prefix = (config.get("kafka") or {}).get("topic_prefix") or "cdc"
    tables = []
    for name, table in (config.get("tables") or {}).items():
        if not isinstance(table, dict) or not table.get("datasource"):
            raise ValueError("%s: table %r has no datasource" % (config_path, name))
        tables.append((name, table["datasource"]))
    if not tables:
        raise ValueError("%s: no tables configured" % config_path)
    scheduling = (config.get("global_settings") or {}).get("scheduling") or {}
    return DagConfig(prefix, tables, int(scheduling.get("interval_seconds", 3600)),
                     int(scheduling.get("timeout_seconds", 1800)))


def task_id_part(name: str) -> str:
    """A table name as part of an Airflow task id (letters, digits, ``-``, ``.``, ``_``)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)
