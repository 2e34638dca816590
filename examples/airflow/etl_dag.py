"""etlkit from Airflow: the access-log pipeline of cron/access-log-to-postgres.sh as
three tasks, extract >> transform >> load, each a BashOperator running one step of
etl-steps.sh (beside this file), with retries and a schedule.

The path for teams that outgrow cron: Airflow adds retries per step, a history of
runs, backfills, alerts and workers on several machines; the work is still done by
the same etlkit commands, which a developer can run by hand.

Deploy: copy this file and etl-steps.sh into the DAGs folder; the workers need the
etlkit binaries on PATH and DATABASE_URL in their environment (or set it in env=
from an Airflow connection). It runs on Airflow 3 and on Airflow 2 (2.7 or newer):
the two name the DAG class and the BashOperator in different modules.
"""

import os
import shlex
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.bash import BashOperator

STEPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "etl-steps.sh")

# Where the steps read and write; the workers' environment can override each.
STEP_ENV = {
    "ACCESS_LOG": os.environ.get("ACCESS_LOG", "/var/log/nginx/access.log"),
    "WORK_DIR": os.environ.get("WORK_DIR", "/var/lib/etlkit/airflow"),
    "TABLE": os.environ.get("TABLE", "http_errors"),
}
# The first retry's delay (then doubled each time): 2 minutes unless the scheduler's
# environment says otherwise.
RETRY_DELAY = timedelta(seconds=float(os.environ.get("RETRY_DELAY_SECONDS", "120")))

with DAG(
    dag_id="etlkit_access_log_errors",
    description="nginx access log -> server errors -> PostgreSQL, with etlkit",
    schedule="*/15 * * * *",
    start_date=datetime(2024, 3, 1),
    # Each run reads what was appended since the last one: there is nothing to backfill,
    # and two runs at once would read the same lines.
    catchup=False,
    max_active_runs=1,
    default_args={
        "retries": 3,
        "retry_delay": RETRY_DELAY,
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(minutes=10),
    },
    tags=["etlkit"],
) as dag:
    # A command ending in ".sh" would be read as a Jinja template file; these end with
    # the step's name.
    extract, transform, load = (
        BashOperator(
            task_id=step,
            bash_command=f"{shlex.quote(STEPS)} {step}",
            env=STEP_ENV,
            append_env=True,
        )
        for step in ("extract", "transform", "load")
    )
    extract >> transform >> load
