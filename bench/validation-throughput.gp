# Draws bench/chart.dat (written by bench/chart.sh) as bench/validation-throughput.png: validation throughput against table size.
# Run from bench/: gnuplot validation-throughput.gp. Columns: sessions, then median min max of each series.
set terminal pngcairo size 900,560 font "sans,11"
set output "validation-throughput.png"
set title "Session validation throughput against table size (PostgreSQL 15, 1 client, median and min..max)"
set xlabel "sessions in auth\\_session (log scale)"
set ylabel "validations per second"
set logscale x
set xrange [7000:1400000]
set xtics ("10,000" 10000, "100,000" 100000, "1,000,000" 1000000)
set yrange [0:*]
set format y "%.0f"
set grid ytics
set key outside bottom center horizontal
set pointsize 1.2
plot "chart.dat" using 1:2:3:4 with yerrorlines lw 2 pt 7 title "lucia\\_validate\\_session (pgbench -M prepared)", \
     "chart.dat" using 1:5:6:7 with yerrorlines lw 2 pt 5 title "bare primary-key SELECT (pgbench -M prepared)", \
     "chart.dat" using 1:8:9:10 with yerrorlines lw 2 pt 9 title "Lucia JS auth.validateSession (lucia-auth 1.8.0, pg)"
