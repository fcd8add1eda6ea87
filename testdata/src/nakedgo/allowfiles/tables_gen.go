package allowfiles

func startGenerated(f func()) {
	go f()
}
