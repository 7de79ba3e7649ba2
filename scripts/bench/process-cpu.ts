/**
 * CPU time of another process, from /proc/<pid>/stat: user + system time of all
 * its threads (the libuv pool that runs argon2 included). Read before and after
 * a phase, the difference is what that phase cost the process, whatever else
 * the machine was doing.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  if (!Number.isInteger(ticksPerSecond) || ticksPerSecond <= 0) throw new Error("getconf CLK_TCK gave no tick rate");
  return ticksPerSecond;
}

/** utime + stime of the process, in milliseconds. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 (utime) and 15 (stime) of proc(5), here at 11 and 12 since field 3 comes first.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicksPerSecond();
}
