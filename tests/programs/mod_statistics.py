# statistics module on small data sets.
import statistics as st
data = [2, 4, 4, 4, 5, 5, 7, 9]
print(st.mean(data), st.median(data), st.mode(data), st.pstdev(data), st.stdev(data))
print(st.median_low([1, 3, 5, 7]), st.median_high([1, 3, 5, 7]), st.multimode("aabbc"), st.pvariance(data))
print(st.fmean([1.5, 2.5]), st.geometric_mean([1, 4]), st.harmonic_mean([40, 60]))
print(st.quantiles(range(1, 11), n=4))
try:
    st.mean([])
except st.StatisticsError as e:
    print("StatisticsError:", e)
from fractions import Fraction
print(st.mean([Fraction(1, 2), Fraction(1, 3)]), st.correlation([1, 2, 3], [2, 4, 7]))
