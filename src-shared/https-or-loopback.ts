/**
 * An address Ringside may send to: https, or plain http only on this computer (the simulator, a
 * local receiver), never with a login inside. The rule for server and webhook addresses alike.
 */
export function isHttpsOrLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
