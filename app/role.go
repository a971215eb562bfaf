package app

// Role is what a user does in the agency; it decides what they may see and
// change (see DESIGN.md, "Who uses it").
type Role string

const (
	RoleAgent      Role = "agent"
	RoleManager    Role = "manager"
	RoleDirector   Role = "director"
	RoleAccountant Role = "accountant"
	RoleOperator   Role = "operator"
	RoleGuide      Role = "guide"
	RoleMarketing  Role = "marketing"
	RoleAdmin      Role = "admin"
)

// Roles lists every role, in the order menus show them.
var Roles = []Role{RoleAgent, RoleManager, RoleDirector, RoleAccountant, RoleOperator, RoleGuide, RoleMarketing, RoleAdmin}
