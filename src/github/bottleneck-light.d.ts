// bottleneck ships types for its main entry only; the light build (what @octokit/plugin-throttling
// itself loads) has the same API without Redis clustering.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
