// The strimzi tool's public face for tests (@dxhub/tools/strimzi): the renderer and the resource model behind
// `npm run strimzi:generate`.
export { renderStrimziFiles, STRIMZI_DIR } from './generate';
export * from './strimzi-resources';
