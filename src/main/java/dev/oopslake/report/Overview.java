package dev.oopslake.report;

/** The numbers at the top of the page: the window's crashes and clusters, and what moved. */
public record Overview(
    long crashes, long hosts, long clusters, long newClusters, long spiking, long regressed) {}
