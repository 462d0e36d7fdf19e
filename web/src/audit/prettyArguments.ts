/** The entry's arguments (JSON text) indented for reading; text that is not JSON is shown as it is. */
export function prettyArguments(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
