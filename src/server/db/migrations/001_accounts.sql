-- Accounts, sessions, login rate limiting, projects, members and tasks (helper F).
-- Plain SQL that PGlite (PostgreSQL 18) and PostgreSQL 15 both accept.
-- Ids are text (uuids generated here): an id that is not a uuid simply matches nothing (404), never a
-- cast error.

create table users (
  id text primary key default gen_random_uuid()::text,
  name text not null unique check (length(name) between 1 and 64),
  -- argon2id, PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash)
  password_hash text not null,
  -- a server administrator (bootstrapped with --admin NAME:PASSWORD) may create accounts
  is_admin boolean not null default false,
  created_at timestamptz not null default now()
);

create table sessions (
  -- sha256 (hex) of the cookie's random 32 bytes: a leaked table does not yield usable cookies
  token_hash text primary key,
  user_id text not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

-- Failed logins; counted per name and per client address inside a sliding window. In the database
-- (not in memory) so that every instance behind a load balancer shares the limit.
create table login_attempts (
  id bigserial primary key,
  name text not null,
  ip text not null,
  at timestamptz not null default now()
);
create index login_attempts_name on login_attempts (name, at);
create index login_attempts_ip on login_attempts (ip, at);
create index login_attempts_at on login_attempts (at);

create table projects (
  id text primary key default gen_random_uuid()::text,
  name text not null check (length(name) between 1 and 200),
  -- core's Taxonomy (src/core/schema/taxonomy.ts); its version only increases
  taxonomy jsonb not null,
  -- the tier-2 review sample's share of submitted tasks, and its seed (reproducible samples)
  review_rate double precision not null default 0.1 check (review_rate > 0 and review_rate <= 1),
  review_seed integer not null default 0,
  -- how many tier-2 draws were made (each draw's seed is review_seed + its number)
  review_draws integer not null default 0,
  created_by text references users(id) on delete set null,
  created_at timestamptz not null default now()
);

create table members (
  project_id text not null references projects(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  role text not null check (role in ('manager', 'annotator', 'reviewer')),
  added_at timestamptz not null default now(),
  primary key (project_id, user_id)
);
create index members_user on members (user_id);

-- A task: one scene of the project (scene ids are H's scenes.id), optionally narrowed to a time range
-- on the scene clock (seconds) and/or a set of sensor ids, assigned to an annotator.
create table tasks (
  id text primary key default gen_random_uuid()::text,
  project_id text not null references projects(id) on delete cascade,
  scene_id text not null,
  title text,
  time_start double precision,
  time_end double precision,
  sensors text[],
  state text not null default 'todo'
    check (state in ('todo', 'in_progress', 'submitted', 'in_review', 'accepted', 'rejected')),
  assignee text references users(id) on delete set null,
  reviewer text references users(id) on delete set null,
  -- tier-2 review sample: null = not drawn yet; true = in the sample; false = drawn, not sampled
  review_sample boolean,
  created_by text references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (time_start is null or time_end is null or time_start <= time_end)
);
create index tasks_project on tasks (project_id, state);
create index tasks_assignee on tasks (assignee, state);
create index tasks_scene on tasks (scene_id);

-- Every state change and (re)assignment of a task, with the reviewer's comments
-- ([{object?, comment}]): the task's review history.
create table task_events (
  id bigserial primary key,
  task_id text not null references tasks(id) on delete cascade,
  from_state text,
  to_state text not null,
  by_user text references users(id) on delete set null,
  at timestamptz not null default now(),
  assignee text,
  comments jsonb not null default '[]'::jsonb
);
create index task_events_task on task_events (task_id, id);
