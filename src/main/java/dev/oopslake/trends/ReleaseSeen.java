package dev.oopslake.trends;

import java.io.Serializable;
import java.time.LocalDate;

/** A cluster's crashes on one kernel release: how many, on how many hosts, first and last day. */
public record ReleaseSeen(long crashes, long hosts, LocalDate firstSeen, LocalDate lastSeen)
    implements Serializable {}
