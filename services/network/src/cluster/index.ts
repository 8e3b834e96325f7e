export {
  connectNetworkCluster,
  startNetworkCluster,
  type ClusterLogger,
  type ClusterOptions,
  type LocalSocketDeliverer,
  type NetworkCluster,
} from './network-cluster.js';
export { clusterSubjects } from './cluster-messages.js';
