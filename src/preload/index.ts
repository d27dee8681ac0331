import { contextBridge, ipcRenderer } from 'electron'
import { ipcMediaBase } from '../shared/api/ipc-channels'
import { createBridge } from './bridge'

// The only thing the page gets: typed invoke/on through contextBridge (contextIsolation and sandbox on).
contextBridge.exposeInMainWorld('oiw', createBridge(ipcRenderer, ipcMediaBase))
