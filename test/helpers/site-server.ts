// The fault-injecting demo site server lives with the harvester (the demo command ships it); tests use it from here.
export * from '../../src/harvest/demo-site.js';
