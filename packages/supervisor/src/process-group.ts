/**
 * Signals every process in the group led by `pid` (children are spawned detached, so each service is its
 * own group and whatever it spawns goes down with it). A group that is already gone is not an error.
 */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
