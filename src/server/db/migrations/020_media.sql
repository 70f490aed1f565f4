-- Media uploaded to a project (helper G; src/server/storage). The bytes live in the media store
-- (the <data>/media folder or an S3 bucket) under `key` = projects/<project id>/media/<sha256>;
-- a row exists only once its bytes were fully received, checked and stored. Content-addressed:
-- the same bytes uploaded twice to one project are one row (the first upload's name is kept).
create table media (
  project_id text not null references projects(id) on delete cascade,
  -- the media store's object key
  key text not null unique,
  -- the name the file was uploaded with (a relative path such as camera/000001.png)
  name text not null check (length(name) between 1 and 512),
  -- MIME type, sent as Content-Type when served
  type text not null,
  -- what the content check found it to be (png, jpeg, webm, mp4, wav, flac, ogg, pcd, kitti-bin, json, …)
  format text not null,
  size bigint not null check (size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by text references users(id) on delete set null,
  at timestamptz not null default now(),
  primary key (project_id, sha256)
);
create index media_project_name on media (project_id, name);
