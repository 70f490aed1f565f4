-- Consensus (overlap) assignments (helper H1; src/server/tasks/consensus.ts): one source scene given
-- to several annotators, each labelling an independent copy. A copy is an ordinary scene row of the
-- same project (its snapshot is the source at source_revision, its own log starts at revision 0);
-- this table records which scene it copies, so agreement can be computed between every pair of
-- copies of one source (src/server/projects/stats.ts).
create table scene_copies (
  scene_id text primary key references scenes(id) on delete cascade,
  source_id text not null references scenes(id) on delete cascade,
  -- the source's revision the copy was taken at
  source_revision integer not null check (source_revision >= 0),
  project_id text not null references projects(id) on delete cascade,
  created_by text references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index scene_copies_source on scene_copies (source_id);
create index scene_copies_project on scene_copies (project_id);
