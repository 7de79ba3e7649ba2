/**
 * CPU time of another process, from /proc/<pid>/stat: user + system time of all
 * its threads (the libuv pool that runs argon2 included). Read before and after
 * a phase, the difference is what that phase cost the process, whatever else
 * the machine was doing.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  if (!Number.isInteger(ticksPerSecond) || ticksPerSecond <= 0) throw new Error("getconf CLK_TCK gave no tick rate");
  return ticksPerSecond;
}

type Stat = { command: string; parentPid: number; cpuMs: number; exitedChildrenCpuMs: number };

/** What the bench reads of a /proc/<pid>/stat text. */
function parseStat(stat: string): Stat {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // proc(5) fields from 3 on, here from 0: 4 ppid, 14 utime, 15 stime, 16 cutime, 17 cstime.
  const ms = (ticks: number) => (ticks * 1000) / clockTicksPerSecond();
  return {
    command: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    parentPid: Number(fields[1]),
    cpuMs: ms(Number(fields[11]) + Number(fields[12])),
    exitedChildrenCpuMs: ms(Number(fields[13]) + Number(fields[14])),
  };
}

/** utime + stime of the process, in milliseconds. */
export function processCpuMs(pid: number): number {
  return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8")).cpuMs;
}

/**
 * CPU of all of PostgreSQL on the machine, in milliseconds: every live process
 * (the backends of every connection, the WAL writer, the checkpointer, ...),
 * plus what the postmaster's exited children spent (a backend whose
 * connection closed, an autovacuum worker), which the kernel adds to the
 * postmaster's children's time when it reaps them.
 */
export function postgresCpuMs(): number {
  const processes = new Map<number, Stat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (stat.command === "postgres") processes.set(Number(entry), stat);
    } catch {
      // gone since the listing
    }
  }
  let total = 0;
  for (const stat of processes.values()) {
    total += stat.cpuMs;
    if (!processes.has(stat.parentPid)) total += stat.exitedChildrenCpuMs; // the postmaster
  }
  return total;
}
