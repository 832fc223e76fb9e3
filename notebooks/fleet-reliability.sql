-- A nightly reliability report over the oopslake lake, one query per question a kernel reliability team asks.
-- Run it:   jobs/oopslake sql --lake demo/lake --file notebooks/fleet-reliability.sql
-- Every table of the lake is a view under its own name (files, crashes, summary_kernel_module, signatures,
-- clusters, signature_registry, cluster_merges); Spark SQL syntax.

-- Did every file of the archive get read? (crash / no_crash / rejected must add up to the archive)
SELECT status, count(*) AS files, sum(CAST(truncated AS INT)) AS truncated, round(sum(size) / 1048576, 1) AS mib
FROM files GROUP BY status ORDER BY files DESC;

-- Why were files rejected? (fix the collector, or the parser, in this order)
SELECT reason, count(*) AS files FROM files WHERE status = 'rejected' GROUP BY reason ORDER BY files DESC LIMIT 20;

-- Which bugs hit us most: clusters of near-duplicate crashes, with their reach
SELECT cluster_id, crashes, hosts, signatures, top_module, representative_title,
       size(kernel_releases) AS releases, CAST(first_seen AS DATE) AS first_seen, CAST(last_seen AS DATE) AS last_seen
FROM clusters ORDER BY crashes DESC LIMIT 20;

-- Which (kernel release, module) pairs crash most, ranked within each release
SELECT kernel_release, module, rank, crashes, hosts, top_title
FROM summary_kernel_module WHERE rank <= 3 ORDER BY kernel_release, rank;

-- Out-of-tree and unsigned modules in the guilty frame (taint O / E): vendor tickets, not kernel bugs
SELECT guilty_module, count(*) AS crashes, count(DISTINCT host) AS hosts, first(title) AS example
FROM crashes WHERE primary AND guilty_module IS NOT NULL AND (taint LIKE '%O%' OR taint LIKE '%E%')
GROUP BY guilty_module ORDER BY crashes DESC LIMIT 20;

-- What the diagnosis rules recognised (conf/diagnoses.yaml), and where
SELECT d AS diagnosis, count(*) AS crashes, count(DISTINCT kernel_release) AS releases, first(title) AS example
FROM crashes LATERAL VIEW explode(diagnoses) t AS d WHERE primary
GROUP BY d ORDER BY crashes DESC;

-- Atomic-context bugs by what preempt_count says was held (softirq-disable = a *_bh lock not released)
SELECT CASE WHEN hardirq > 0 THEN 'hardirq' WHEN softirq > 0 THEN 'serving softirq'
            WHEN softirq_disable > 0 THEN 'softirqs disabled (_bh)' WHEN preempt_depth > 1 THEN 'preemption disabled'
            ELSE 'other' END AS context,
       rt, count(*) AS crashes, first(title) AS example
FROM crashes WHERE primary AND class IN ('scheduling-while-atomic', 'sleeping-in-atomic') AND preempt_count IS NOT NULL
GROUP BY 1, 2 ORDER BY crashes DESC;

-- New this week: clusters first seen in the last 7 days of the data
SELECT cluster_id, crashes, hosts, representative_title
FROM clusters WHERE first_seen >= (SELECT max(last_seen) - INTERVAL 7 DAYS FROM clusters) ORDER BY crashes DESC LIMIT 20;

-- Crashes per distro and arch
SELECT coalesce(distro, 'unknown') AS distro, coalesce(arch, 'unknown') AS arch, count(*) AS crashes,
       count(DISTINCT kernel_release) AS releases
FROM crashes WHERE primary GROUP BY 1, 2 ORDER BY crashes DESC;
