import { contextBridge } from 'electron';

// The typed IPC bridge lands here with the IPC contract; until then the renderer only
// learns that it runs inside the app.
contextBridge.exposeInMainWorld('ringside', { version: 1 });
