/**
 * Versioned schema migrations, per dialect. A migration is applied once, in order, inside a
 * transaction, and recorded in `schema_migrations`. Never edit an applied migration: add one.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const v1 = `
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  plan TEXT NOT NULL,
  emm_enterprise TEXT NOT NULL,
  amapi_enterprise TEXT NOT NULL
);
CREATE TABLE android_devices (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  serial_number TEXT,
  imei TEXT,
  enrollment_specific_id TEXT,
  mdm_user TEXT,
  amapi_name TEXT NOT NULL
);
CREATE INDEX android_devices_org ON android_devices (organization_id);
CREATE TABLE android_commands (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  device_id TEXT NOT NULL REFERENCES android_devices(id),
  emm_enterprise TEXT NOT NULL,
  mdm_user TEXT,
  type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'DONE', 'CANCEL')),
  request TEXT NOT NULL,
  user_name TEXT NOT NULL,
  amapi_operation TEXT NOT NULL,
  done INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX android_commands_device ON android_commands (organization_id, device_id, created_at);
CREATE INDEX android_commands_pending ON android_commands (status, created_at);
CREATE TABLE graph_devices (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT,
  status TEXT,
  platform TEXT,
  kind TEXT,
  model TEXT,
  manufacturer TEXT
);
CREATE INDEX graph_devices_user ON graph_devices (user_id);
CREATE TABLE graph_commands (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL REFERENCES graph_devices(id),
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  payload TEXT,
  app_service_name TEXT,
  package_family_name TEXT,
  post_back_uri TEXT,
  permission_ticket TEXT,
  error TEXT,
  response_payload TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX graph_commands_in_flight ON graph_commands (status, updated_at);
`;

const v2 = `
CREATE TABLE android_device_command_counts (
  organization_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  commands INTEGER NOT NULL,
  PRIMARY KEY (organization_id, device_id)
);
INSERT INTO android_device_command_counts (organization_id, device_id, commands)
  SELECT organization_id, device_id, COUNT(*) FROM android_commands GROUP BY organization_id, device_id;
`;

// Every lookup and every sort the API offers, index-backed (the query-plan test proves it on both
// databases): a device's commands in either sort order with the id tie-break, a device by each key
// the API accepts, and the Graph agent's commands in flight (a partial index: only those rows).
const v3 = `
DROP INDEX android_commands_device;
CREATE INDEX android_commands_device_created ON android_commands (organization_id, device_id, created_at, id);
CREATE INDEX android_commands_device_updated ON android_commands (organization_id, device_id, updated_at, id);
CREATE INDEX android_devices_serial ON android_devices (organization_id, serial_number);
CREATE INDEX android_devices_imei ON android_devices (organization_id, imei);
CREATE INDEX android_devices_enrollment ON android_devices (organization_id, enrollment_specific_id);
DROP INDEX graph_devices_user;
CREATE INDEX graph_devices_user ON graph_devices (user_id, name, id);
DROP INDEX graph_commands_in_flight;
CREATE INDEX graph_commands_in_flight ON graph_commands (updated_at, id)
  WHERE status IN ('requesting', 'sentToTarget', 'executing');
`;

export const migrations: Migration[] = [
  // Timestamps are RFC 3339 strings in UTC (they sort as text) and JSON is stored as text in both
  // dialects, so that the two adapters return byte-identical rows.
  { version: 1, name: 'initial schema', sqlite: v1, postgres: v1 },
  // A device's command count, kept on write: a list's total never recounts the device's commands.
  { version: 2, name: 'android command counts', sqlite: v2, postgres: v2 },
  // Indexes for every lookup and sort the API offers.
  { version: 3, name: 'indexes for every lookup and sort', sqlite: v3, postgres: v3 },
];

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;
