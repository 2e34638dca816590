"""etlkit from Airflow over many files: each CSV file waiting in INCOMING_DIR is loaded
into PostgreSQL by a task of its own (dynamic task mapping, Airflow 2.3 or newer), so
that the files of a run are spread over every worker of the Airflow cluster. This is
how a batch of files scales beyond one machine; on one machine, etl-map and etl-cast
already use every core.

Exactly once per file: a task loads its file in one transaction, upserting on the
records' key (KEY, `id` unless the environment says otherwise), and only then moves
the file to DONE_DIR. A task that dies between the two is retried and loads the same
rows over themselves; a file still waiting is loaded by the next run. Two first loads
that both create the table at once: one fails, and its retry finds the table. The
files load in no set order (in parallel on a cluster): a key in two files keeps the
row of whichever loaded last, so give rows that must all stay a key of their own.

Deploy as etl_dag.py (beside etl-steps.sh); INCOMING_DIR, DONE_DIR, TABLE and KEY come
from the workers' environment.
"""

import glob
import os
import shlex
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.sdk import DAG, task
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.decorators import task
    from airflow.operators.bash import BashOperator

STEPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "etl-steps.sh")
INCOMING_DIR = os.environ.get("INCOMING_DIR", "/var/lib/etlkit/incoming")
STEP_ENV = {
    "DONE_DIR": os.environ.get("DONE_DIR", "/var/lib/etlkit/done"),
    "TABLE": os.environ.get("TABLE", "events"),
    "KEY": os.environ.get("KEY", "id"),
}
RETRY_DELAY = timedelta(seconds=float(os.environ.get("RETRY_DELAY_SECONDS", "120")))

with DAG(
    dag_id="etlkit_incoming_files",
    description="every CSV file waiting -> PostgreSQL, one task per file, with etlkit",
    schedule="@hourly",
    start_date=datetime(2024, 3, 1),
    # A run loads the files waiting when it starts: there is nothing to backfill.
    catchup=False,
    max_active_runs=1,
    default_args={
        "retries": 3,
        "retry_delay": RETRY_DELAY,
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(minutes=30),
    },
    tags=["etlkit"],
) as dag:

    @task
    def waiting_files():
        """The command that loads each file waiting: one mapped task each."""
        files = sorted(glob.glob(os.path.join(INCOMING_DIR, "*.csv")))
        return [f"{shlex.quote(STEPS)} load-file {shlex.quote(path)}" for path in files]

    BashOperator.partial(task_id="load_file", env=STEP_ENV, append_env=True).expand(
        bash_command=waiting_files()
    )
