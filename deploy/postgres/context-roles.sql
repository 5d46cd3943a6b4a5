-- The two roles of one context's database, and what each may do.
--
--   owner   (batbern_<context>)         owns the database and every table;
--                                        migrations run as it
--   operator (batbern_operator, one role   reads the messaging kernel's tables
--            for every context, optional)  (inbox, outbox, timers, failures,
--                                        delivery_counts) without the message
--                                        bodies, for `batbern trace`; nothing
--                                        of the context's own tables
--   worker  (batbern_<context>_worker)   connects to this database only and
--                                        reads and writes rows of its tables:
--                                        SELECT, INSERT, UPDATE, DELETE, and
--                                        USAGE on sequences; no DDL, no
--                                        TRUNCATE, no temporary tables
--
-- Advisory locks, LISTEN/NOTIFY and SELECT ... FOR UPDATE SKIP LOCKED, which
-- the messaging kernel uses, need nothing more. The migrator's bookkeeping
-- table, schema_migrations, is the owner's alone (`batbern migrate` takes
-- back what the default privileges below give the worker on it).
--
-- Idempotent: a database set up before the worker role existed is fixed by
-- running it again; a second run changes nothing. Passwords are used only
-- when a role is created.
--
-- Run with psql as a superuser, connected to the context's database, with
-- these psql variables set: owner, worker, owner_password, worker_password,
-- and operator_password to create the operators' role too. Its column
-- grants are given by the kernel's migration 007 (so create it before
-- migrating; a database migrated earlier gets them below).
-- deploy/local/postgres.sh and deploy/container/initdb/batbern-roles.sh do.

\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'worker', :'worker_password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'worker') \gexec

SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'owner')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
                    WHERE d.datname = current_database() AND r.rolname = :'owner') \gexec

-- Only the owner (implicitly) and the worker may connect.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'worker') \gexec

-- The schema: the owner creates in it, the worker only looks things up.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO :"owner";
GRANT USAGE ON SCHEMA public TO :"worker";

-- Rows of the tables that exist (an older database) ...
SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.%I TO %I', tablename, :'worker')
  FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' \gexec
SELECT format('GRANT USAGE ON SEQUENCE public.%I TO %I', sequencename, :'worker')
  FROM pg_sequences WHERE schemaname = 'public' \gexec
-- ... and of those the owner's migrations create later.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"worker";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE ON SEQUENCES TO :"worker";

-- The operators' role, when asked for: connect and look kernel rows up.
\if :{?operator_password}
SELECT format('CREATE ROLE batbern_operator LOGIN PASSWORD %L', :'operator_password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'batbern_operator') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO batbern_operator', current_database()) \gexec
GRANT USAGE ON SCHEMA public TO batbern_operator;
SELECT 'SELECT batbern_grant_operator()' WHERE to_regproc('public.batbern_grant_operator') IS NOT NULL \gexec
\endif
