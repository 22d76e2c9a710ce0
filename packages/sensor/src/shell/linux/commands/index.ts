import type { CommandFn } from '../shell.js';
import { ADMIN_COMMANDS } from './admin.js';
import { BUILTINS } from './builtins.js';
import { DOWNLOAD_COMMANDS } from './download.js';
import { FILE_COMMANDS } from './files.js';
import { INSPECT_COMMANDS } from './inspect.js';
import { ls } from './ls.js';
import { NETWORK_COMMANDS } from './network.js';
import { SSH_COMMANDS } from './ssh.js';
import { SYSTEM_COMMANDS } from './system.js';
import { RESOURCE_COMMANDS } from './resources.js';
import { TEXT_COMMANDS } from './text.js';
import { EDIT_COMMANDS } from './edit.js';
import { ENCODE_COMMANDS } from './encode.js';
import { tar } from './tar.js';

/** Every command the emulated bash knows, by name. Anything else is `command not found` (exit 127). */
export const LINUX_COMMAND_TABLE: ReadonlyMap<string, CommandFn> = new Map(
  Object.entries({
    ...BUILTINS,
    ls,
    dir: ls,
    vdir: ls,
    ...FILE_COMMANDS,
    ...INSPECT_COMMANDS,
    ...TEXT_COMMANDS,
    ...EDIT_COMMANDS,
    ...ENCODE_COMMANDS,
    ...SYSTEM_COMMANDS,
    ...RESOURCE_COMMANDS,
    ...ADMIN_COMMANDS,
    ...NETWORK_COMMANDS,
    ...DOWNLOAD_COMMANDS,
    ...SSH_COMMANDS,
    tar,
  }),
);
