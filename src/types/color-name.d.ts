// color-name 2 ships no types: a map of the CSS colour keywords to [r, g, b].
declare module 'color-name' {
  const colors: Record<string, [number, number, number]>;
  export default colors;
}
