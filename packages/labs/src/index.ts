/** Hands-on labs: the lab applications, the runner that isolates each instance, and the graders. */
export {};
