package io.robustpose.core;

/** An enumerated choice with the lower-case name users type in specs and on the command line. */
public interface Identified {
    String id();
}
