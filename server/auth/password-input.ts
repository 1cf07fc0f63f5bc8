import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { passwordSchema } from "@/lib/auth";

/**
 * A new password, never from the command line (where `ps` and the shell history would keep
 * it): typed twice at a terminal with nothing echoed, or the first line of standard input.
 */
export async function readNewPassword(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!input.isTTY) return passwordSchema.parse(await firstLine(input));
  const first = await prompt(input, "password: ");
  const second = await prompt(input, "again: ");
  if (first !== second) throw new Error("the two passwords differ");
  return passwordSchema.parse(first);
}

async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error("no password on standard input");
}

function prompt(input: NodeJS.ReadStream, question: string): Promise<string> {
  process.stderr.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input, output: silent, terminal: true });
  return new Promise((resolve) =>
    lines.question("", (answer) => {
      lines.close();
      process.stderr.write("\n");
      resolve(answer);
    }),
  );
}
