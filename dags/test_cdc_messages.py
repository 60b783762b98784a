"""Tests of the DAG's message logic against the shared fixtures (stdlib only, no Airflow).

Run from dags/: python3 -m unittest -q
"""

import json
import os
import tempfile
import unittest

import cdc_messages as m

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


class FakeMessage:
    """The part of confluent_kafka.Message the sensor's apply_function uses."""

    def __init__(self, value, topic="cdc.run-events"):
        self._value = value
        self._topic = topic

    def value(self):
        return self._value

    def topic(self):
        return self._topic


def record_bytes(fx):
    return json.dumps(fx["value"]).encode("utf-8")


COMMAND = fixture("command.json")
RUN = COMMAND["airflow"]


def match(name):
    return m.match_run_event(FakeMessage(record_bytes(fixture(name))), RUN["run_id"], RUN["datasource"], RUN["table"])


class CommandTest(unittest.TestCase):
    def test_the_command_is_the_fixture_record(self):
        for name in ("command.json", "command_sanitized.json"):
            with self.subTest(name):
                fx = fixture(name)
                a = fx["airflow"]
                records = list(m.command_messages(a["datasource"], a["table"], a["run_id"], a["ts"]))
                self.assertEqual(1, len(records))
                key, value = records[0]
                self.assertEqual(fx["key"], key)
                self.assertEqual(fx["value"], json.loads(value))
                self.assertRegex(json.loads(value)["run_id"], r"^[A-Za-z0-9_.:+-]{1,128}$")

    def test_run_ids(self):
        self.assertEqual("scheduled__2024-12-15T14:00:00+00:00",
                         m.sanitize_run_id("scheduled__2024-12-15T14:00:00+00:00"))
        self.assertEqual("a_b_c", m.sanitize_run_id("a b/c"))
        self.assertEqual("run", m.sanitize_run_id(""))
        long_a = m.sanitize_run_id("x" * 200 + "a")
        long_b = m.sanitize_run_id("x" * 200 + "b")
        self.assertEqual(128, len(long_a))
        self.assertNotEqual(long_a, long_b)
        self.assertTrue(m.RUN_ID_PATTERN.fullmatch(long_a))
        self.assertEqual(long_a, m.sanitize_run_id("x" * 200 + "a"))

    def test_requested_at_is_a_utc_instant(self):
        self.assertEqual("2024-12-15T14:30:22Z", m.utc_instant("2024-12-15T14:30:22+00:00"))
        self.assertEqual("2024-12-15T14:30:22Z", m.utc_instant("2024-12-15T14:30:22Z"))
        self.assertEqual("2024-12-15T13:30:22.500000Z", m.utc_instant("2024-12-15T14:30:22.5+01:00"))
        with self.assertRaises(ValueError):
            m.utc_instant("2024-12-15T14:30:22")

    def test_an_undelivered_command_fails_the_task(self):
        m.fail_on_delivery_error(None, FakeMessage(b""))
        with self.assertRaises(m.CommandNotDelivered) as raised:
            m.fail_on_delivery_error("Broker: Unknown topic or partition", FakeMessage(b"", "cdc.commands"))
        self.assertIn("cdc.commands", str(raised.exception))


class SensorTest(unittest.TestCase):
    def test_written_ends_the_wait_with_a_summary(self):
        written = fixture("event_written.json")["value"]
        self.assertEqual({
            "run_id": RUN["run_id"],
            "datasource": "shop",
            "table": "customers",
            "state": "written",
            "at": written["at"],
            "counts": written["counts"],
            "files": written["files"],
        }, match("event_written.json"))

    def test_failed_fails_the_task_with_the_reason(self):
        with self.assertRaises(m.RunFailed) as raised:
            match("event_failed.json")
        self.assertIn("source table shop.public.customers does not exist", str(raised.exception))
        self.assertIn("shop.customers", str(raised.exception))

    def test_progress_and_other_tables_keep_waiting(self):
        self.assertIsNone(match("event_extracted.json"))
        self.assertIsNone(match("event_other_table.json"))

    def test_other_runs_and_garbage_keep_waiting(self):
        written = record_bytes(fixture("event_written.json"))
        self.assertIsNone(m.match_event(written, "manual__other", "shop", "customers"))
        self.assertIsNone(m.match_event(written, RUN["run_id"], "other_ds", "customers"))
        for value in (None, b"", b"not json", b"[1, 2]", b"\xff\xfe"):
            self.assertIsNone(m.match_event(value, RUN["run_id"], "shop", "customers"), value)

    def test_the_sensor_matches_the_sanitized_run_id_it_sent(self):
        fx = fixture("command_sanitized.json")
        a = fx["airflow"]
        event = {"run_id": fx["value"]["run_id"], "datasource": a["datasource"], "table": a["table"],
                 "state": "written", "files": []}
        self.assertIsNotNone(m.match_event(json.dumps(event), a["run_id"], a["datasource"], a["table"]))

    def test_an_unknown_table_failure_without_datasource_still_ends_the_wait(self):
        event = {"run_id": RUN["run_id"], "table": "customers", "state": "failed", "error": "unknown table"}
        with self.assertRaises(m.RunFailed):
            m.match_event(json.dumps(event).encode(), RUN["run_id"], "shop", "customers")


class ConfigTest(unittest.TestCase):
    def test_tables_and_prefix_from_the_compose_config(self):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "config", "compose-config.json")
        config = m.read_config(path)
        self.assertEqual("cdc", config.topic_prefix)
        self.assertEqual([("customers", "postgres_shop"), ("order_lines", "mysql_shop")], config.tables)
        self.assertEqual((3600, 1800), (config.interval_seconds, config.timeout_seconds))

    def test_defaults_and_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "c.json")
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"tables": {"t": {"datasource": "d"}}, "kafka": {"topic_prefix": "x"},
                           "global_settings": {"scheduling": {"interval_seconds": 600, "timeout_seconds": 60}}},
                          handle)
            self.assertEqual(m.DagConfig("x", [("t", "d")], 600, 60), m.read_config(path))
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"tables": {}}, handle)
            with self.assertRaises(ValueError):
                m.read_config(path)
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"tables": {"t": {}}}, handle)
            with self.assertRaises(ValueError):
                m.read_config(path)

    def test_task_id_parts(self):
        self.assertEqual("order_lines", m.task_id_part("order_lines"))
        self.assertEqual("my_table", m.task_id_part("my table"))


if __name__ == "__main__":
    unittest.main()
