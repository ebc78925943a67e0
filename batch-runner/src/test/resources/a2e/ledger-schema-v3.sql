-- Schema version 3 of the ledger, as a2e-batch wrote it before rows were keyed by run id: the starting
-- point of JobRepositorySchema's version 3 -> 4 migration test (git main:batch-runner/src/main/resources/a2e/ledger-schema.sql).
-- The per-row ledger of a2e-batch, schema version 3 (rows keyed by run name and key; version 1 keyed
-- them by Spring Batch job instance and is refused by JobRepositorySchema; version 2 kept the request
-- in A2E_ROW and is migrated by it). A row's state is committed before the request it announces is
-- sent and as soon as the answer that settles it arrives (in groups, one transaction per group), so
-- the state of a row survives a crash at any point. Kept beside Spring Batch's tables. One script for
-- H2 and PostgreSQL: both take VARCHAR(1000000), TIMESTAMP WITH TIME ZONE and IF NOT EXISTS.

-- One row per run: its tag, the pass it is at, and whether the fresh-state reconcile is still to do.
CREATE TABLE IF NOT EXISTS A2E_RUN (
    RUN_NAME          VARCHAR(1000) NOT NULL,
    RUN_TAG           VARCHAR(16)   NOT NULL,
    MANIFEST          VARCHAR(4000) NOT NULL,
    CREATED_AT        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PASS              BIGINT        NOT NULL,
    RECONCILE_PENDING BOOLEAN       NOT NULL,
    CONSTRAINT A2E_RUN_PK PRIMARY KEY (RUN_NAME)
);

-- Who owns a run: taken by a conditional UPDATE (free or expired, by the database's clock), renewed by
-- heartbeats; EPOCH grows at every change of hands and fences every ledger write.
CREATE TABLE IF NOT EXISTS A2E_LEASE (
    RUN_NAME     VARCHAR(1000) NOT NULL,
    OWNER_ID     VARCHAR(64),
    OWNER_HOST   VARCHAR(255),
    OWNER_PID    BIGINT,
    SINCE        TIMESTAMP(3) WITH TIME ZONE,
    HEARTBEAT_AT TIMESTAMP(3) WITH TIME ZONE,
    EXPIRES_AT   TIMESTAMP(3) WITH TIME ZONE,
    EPOCH        BIGINT DEFAULT 0 NOT NULL,
    CONSTRAINT A2E_LEASE_PK PRIMARY KEY (RUN_NAME)
);

-- A row's state: small, rewritten at every change of state. The request lives in A2E_REQUEST.
CREATE TABLE IF NOT EXISTS A2E_ROW (
    RUN_NAME       VARCHAR(1000)  NOT NULL,
    ROW_KEY        VARCHAR(1000)  NOT NULL,
    LINE           BIGINT         NOT NULL,
    FAMILY         VARCHAR(100)   NOT NULL,
    FINGERPRINT    VARCHAR(64)    NOT NULL,
    STATE          VARCHAR(16)    NOT NULL,
    TASK_NAME      VARCHAR(2000),
    TASK_ID        VARCHAR(200),
    TASK_ATTEMPT   INT            DEFAULT 1 NOT NULL,
    RESULT_URL     VARCHAR(8000),
    ERROR          VARCHAR(8000),
    COINS          BIGINT,
    ATTEMPTS       INT            DEFAULT 0 NOT NULL,
    SUBMITTING_AT  TIMESTAMP(3) WITH TIME ZONE,
    SUBMITTED_AT   TIMESTAMP(3) WITH TIME ZONE,
    FINISHED_AT    TIMESTAMP(3) WITH TIME ZONE,
    SEEN_PASS      BIGINT         NOT NULL,
    PLAN           VARCHAR(16)    NOT NULL,
    CHANGED_FIELDS VARCHAR(8000),
    -- Downloads of result files (run --download, download): a state of their own, NULL until a
    -- download starts, then DOWNLOADING -> DOWNLOADED | DOWNLOAD_FAILED.
    DOWNLOAD_STATE VARCHAR(16),
    FILE_NAME      VARCHAR(1000),
    FILE_BYTES     BIGINT,
    FILE_SHA256    VARCHAR(64),
    DOWNLOAD_ERROR VARCHAR(8000),
    CONSTRAINT A2E_ROW_PK PRIMARY KEY (RUN_NAME, ROW_KEY)
);
CREATE INDEX IF NOT EXISTS A2E_ROW_STATE_LINE ON A2E_ROW (RUN_NAME, STATE, LINE);
CREATE INDEX IF NOT EXISTS A2E_ROW_LINE ON A2E_ROW (RUN_NAME, LINE);
CREATE INDEX IF NOT EXISTS A2E_ROW_TASK ON A2E_ROW (RUN_NAME, TASK_ID);

-- A row's start request body (JSON, without the task name): written when the row is ingested and again
-- only when a pass takes a new request for it. Kept apart from A2E_ROW because a database rewrites
-- the whole storage page of a row it updates, neighbours included: with the request beside the state,
-- every change of state rewrote kilobytes of other rows' requests.
CREATE TABLE IF NOT EXISTS A2E_REQUEST (
    RUN_NAME VARCHAR(1000)    NOT NULL,
    ROW_KEY  VARCHAR(1000)    NOT NULL,
    REQUEST  VARCHAR(1000000) NOT NULL,
    CONSTRAINT A2E_REQUEST_PK PRIMARY KEY (RUN_NAME, ROW_KEY)
);

-- Tasks of earlier attempts of a row (before --retry-failed or --resubmit-changed): never adopted again.
CREATE TABLE IF NOT EXISTS A2E_SUPERSEDED (
    RUN_NAME VARCHAR(1000) NOT NULL,
    TASK_ID  VARCHAR(200)  NOT NULL,
    ROW_KEY  VARCHAR(1000) NOT NULL,
    CONSTRAINT A2E_SUPERSEDED_PK PRIMARY KEY (RUN_NAME, TASK_ID)
);

CREATE TABLE IF NOT EXISTS A2E_REJECT (
    RUN_NAME VARCHAR(1000)   NOT NULL,
    PASS     BIGINT          NOT NULL,
    LINE     BIGINT          NOT NULL,
    ROW_KEY  VARCHAR(1000)   NOT NULL,
    PROBLEMS VARCHAR(1000000) NOT NULL,
    RECORD   VARCHAR(1000000) NOT NULL,
    CONSTRAINT A2E_REJECT_PK PRIMARY KEY (RUN_NAME, PASS, LINE)
);
CREATE INDEX IF NOT EXISTS A2E_REJECT_KEY ON A2E_REJECT (RUN_NAME, PASS, ROW_KEY);

-- The run's callback secret (run --callback-listen): every callback URL carries a signature derived
-- from it, so a restarted run still accepts the callbacks of tasks started before it stopped.
ALTER TABLE A2E_RUN ADD COLUMN IF NOT EXISTS CALLBACK_SECRET VARCHAR(64);

-- Fleets (remote partitioning): a partition's lease is a row of A2E_LEASE whose PARENT_RUN names the
-- run. It is taken and renewed only while the run's lease is live and held by a fleet's manager that
-- split the run into as many partitions (PARTITIONS, cleared whenever the run changes hands), and the
-- run's lease is not taken while a partition's is live, so a partition's writes and the run owner's
-- never overlap in time.
ALTER TABLE A2E_LEASE ADD COLUMN IF NOT EXISTS PARENT_RUN VARCHAR(1000);
ALTER TABLE A2E_LEASE ADD COLUMN IF NOT EXISTS PARTITIONS INTEGER;

-- Fleets on PostgreSQL: the token bucket every worker takes its permits from (Bucket4j's state, one row
-- per A2E account) and the time until which a 429 one worker saw pauses them all.
CREATE TABLE IF NOT EXISTS A2E_FLEET_BUCKET (
    ID    VARCHAR(1000) NOT NULL,
    STATE BYTEA,
    CONSTRAINT A2E_FLEET_BUCKET_PK PRIMARY KEY (ID)
);

CREATE TABLE IF NOT EXISTS A2E_FLEET_PAUSE (
    ACCOUNT      VARCHAR(1000) NOT NULL,
    PAUSED_UNTIL TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    CONSTRAINT A2E_FLEET_PAUSE_PK PRIMARY KEY (ACCOUNT)
);
