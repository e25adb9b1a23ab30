/**
 * The team archive's door (issue 29, foundation): a shared call archive on PostgreSQL. Outside
 * this room, import team code only from here. Nothing here imports electron.
 */
export {
  migrateTeamArchive,
  teamSchemaVersion,
  NewerTeamSchemaError,
  TEAM_MIGRATIONS,
  TEAM_ROLES,
  TEAM_SCHEMA_VERSION,
  type TeamMigration,
} from './team-migrations';
export { writeTeamRecords, type TeamRecord } from './team-calls';
export { CollectorLease, COLLECTOR_LOCK, BULK_LOAD_FROM } from './collector-lease';
export { bulkLoadTeamRecords } from './team-bulk-load';
export { annotateTeamCall, teamAnnotation, NotAnnotatableError, type AnnotationChange, type TeamAnnotation } from './team-annotations';
export { shareWithTeam, refreshFromTeam, serverClockOffset, teamAuthors, type TeamAuthors } from './team-note-sharing';
export { teamTotals, type TeamTotals } from './team-totals';
export { TeamCollector, NotAnAdminError, TEAM_COLLECT_DEPTH_DAYS, type TeamCollectorOptions } from './collector';
export { CollectorStore, extensionOf } from './collector-store';
export {
  openTeamCollector,
  teamArchiveUrlProblem,
  teamArchiveHost,
  TeamArchiveAddressError,
  TeamArchiveUnreachableError,
  type TeamCollectorService,
} from './collector-service';
export {
  teamAnalytics,
  teamAnalyticsCsv,
  FAILED_LEG_STATES,
  TEAM_TOP_FAILED,
  type TeamAnalyticsReport,
  type TeamAnalyticsRequest,
  type TeamPersonBucket,
  type TeamFailedNumber,
} from './team-analytics';
export { readTeamDirectory, writeTeamDirectory, TeamDirectorySync, TEAM_DIRECTORY_REFRESH_MS, type TeamDirectoryEntry } from './team-directory';
export { teamHistoryPage, TEAM_HISTORY_PAGE, type TeamHistoryRow } from './team-history';
export { openTeamReader, type TeamReader } from './team-reader';
