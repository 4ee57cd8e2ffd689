// The bundled CommonJS program as the script src/launch.ts compiles: the module wrapper on its first
// line, so positions in stack traces stay those of the file. The code cache is made for exactly this text.
export const asScript = (programSource: string) => `(function (exports, require, module, __filename, __dirname) {${programSource}\n})`;
