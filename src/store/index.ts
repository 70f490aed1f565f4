export * from './workbench';
export * from './persistence';
export * from './restore';
export * from './session';
export { History, HISTORY_LIMIT, type HistoryEntry } from './history';
