/**
 * go's words for a failed socket call, per operating system: the operation go names and the system's text for
 * the error number, as `*net.OpError` prints them (`dial tcp 127.0.0.1:1: connectex: No connection could be made
 * because the target machine actively refused it.`).
 *
 * - Unix: os.SyscallError's name is the system call (`connect`, `read`, `write`) and syscall.Errno's text comes
 *   from the table of zerrors_linux_amd64.go.
 * - Windows: go dials with ConnectEx and reads and writes with WSARecv/WSASend (internal/poll/fd_windows.go,
 *   net/fd_windows.go), so the names are `connectex`, `wsarecv`, `wsasend`; syscall.Errno.Error() asks
 *   FormatMessage for Windows' English message table (syscall/syscall_windows.go), texts ending with a period.
 *   Wine's own table differs (`Connection refused.`): the real Windows texts are modelled here, Wine's are not.
 */

/** Which family of texts go prints. */
export type SocketOS = "unix" | "windows";

/** Error codes as Node names them (libuv maps Winsock's WSAE… codes to the same names on Windows). */
const UNIX_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by peer",
  ENETUNREACH: "network is unreachable",
  EHOSTUNREACH: "no route to host",
  ETIMEDOUT: "connection timed out",
  EPIPE: "broken pipe",
  EADDRNOTAVAIL: "cannot assign requested address",
  EACCES: "permission denied",
};

/** Windows' message table for the Winsock errors (WSAECONNREFUSED 10061, WSAECONNRESET 10054, …). */
const WINDOWS_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: "No connection could be made because the target machine actively refused it.",
  ECONNRESET: "An existing connection was forcibly closed by the remote host.",
  ENETUNREACH: "A socket operation was attempted to an unreachable network.",
  EHOSTUNREACH: "A socket operation was attempted to an unreachable host.",
  ETIMEDOUT:
    "A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.",
  ECONNABORTED: "An established connection was aborted by the software in your host machine.",
  EADDRNOTAVAIL: "The requested address is not valid in its context.",
  EACCES: "An attempt was made to access a socket in a way forbidden by its access permissions.",
};

/** The system's text for a Node error code, or undefined when go's text is not known. */
export function errnoText(code: string, os: SocketOS): string | undefined {
  return (os === "windows" ? WINDOWS_TEXT : UNIX_TEXT)[code];
}

/** The name go gives the failed call: connect/read/write on Unix, connectex/wsarecv/wsasend on Windows. */
export function syscallName(op: "connect" | "read" | "write", os: SocketOS): string {
  if (os === "unix") return op;
  return op === "connect" ? "connectex" : op === "read" ? "wsarecv" : "wsasend";
}
